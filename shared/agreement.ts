import { z } from "zod";
import { fieldMessage } from "./schemas/issueText";
import { TOPIC_KEYS, type TopicKey } from "./topics";

/** One clause of an agreement as it leaves the live Yjs draft or a saved version. */
export interface Clause {
  id: string;
  topic: TopicKey;
  title: string;
  body: string;
}

/** The agreement's content in document order: the shape of the contract's export.json. */
export interface AgreementContent {
  title: string;
  clauses: Clause[];
}

/** Every record id that crosses a URL, a form or a message (negotiations, clauses, versions…). */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const CLAUSE_ID_PATTERN = RECORD_ID_PATTERN;
export const MAX_CLAUSES = 2_000;
export const MAX_TITLE_CHARS = 500;
export const MAX_BODY_CHARS = 50_000;

export const clauseSchema = z.object({
  id: z.string().regex(CLAUSE_ID_PATTERN, fieldMessage("agreement.clauseIdChars")),
  topic: z.enum(TOPIC_KEYS),
  title: z.string().max(MAX_TITLE_CHARS),
  body: z.string().max(MAX_BODY_CHARS),
});

/** A draft imported from JSON (the fixtures' shape; extra keys such as label/topics are ignored). */
export const agreementContentSchema = z
  .object({
    title: z.string().min(1, fieldMessage("agreement.titleRequired")).max(MAX_TITLE_CHARS),
    clauses: z.array(clauseSchema).max(MAX_CLAUSES),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.clauses.forEach((clause, index) => {
      if (seen.has(clause.id)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["clauses", index, "id"], message: fieldMessage("agreement.duplicateClauseId", { id: clause.id }) });
      }
      seen.add(clause.id);
    });
  });
