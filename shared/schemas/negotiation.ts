import { z } from "zod";
import { agreementContentSchema, type AgreementContent } from "../agreement";
import { MODES, ROLES, roleFitsSide, SCOPES, SIDES } from "../roles";
import { isCalendarDate } from "../rules/deadlines";
import { isAncestor, type OrgNode } from "../rules/delegation";
import type { RefusalKey, RefusalText } from "../i18n/refusals";
import { fieldMessage, issueText, jsonFieldPath, label } from "./issueText";

/** An organisation as the start form offers it (unions for one side, enterprises for the other). */
export interface OrganisationChoice {
  id: string;
  name: string;
  kind: "union" | "enterprise" | "assembly" | "authority";
  parentId: string | null;
}

/** An imported draft may be at most this large (the 33-clause fixtures are about 20 KB). */
export const MAX_DRAFT_BYTES = 2 * 1024 * 1024;

export const DRAFT_SOURCES = ["blank", "import"] as const;
export type DraftSource = (typeof DRAFT_SOURCES)[number];

function choice<T extends readonly [string, ...string[]]>(values: T, name: RefusalKey) {
  return z.enum(values, { errorMap: () => ({ message: fieldMessage("field.choose", { label: label(name) }) }) });
}

/** A required line of text: "请输入…" when empty, a length limit. */
function line(name: RefusalKey, max: number, maxName: RefusalKey = name) {
  const required = fieldMessage("field.enter", { label: label(name) });
  return z.string({ required_error: required }).trim().min(1, required).max(max, fieldMessage("field.maxChars", { label: label(maxName), max }));
}

/** An organisation picked from a list. */
function picked(name: RefusalKey) {
  const required = fieldMessage("field.choose", { label: label(name) });
  return z.string({ required_error: required }).min(1, required);
}

/**
 * The 要约 form (one schema, client and server). It needs the organisations, because the two
 * parties must be a union and an enterprise, and under 上代下 / 上参下 the higher-level union must
 * stand above the union side in the tree (docs/domain.md: delegations go upward).
 */
export function negotiationStartSchema(organisations: readonly OrganisationChoice[]) {
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const tree: OrgNode[] = organisations.map((o) => ({ id: o.id, parentId: o.parentId, kind: o.kind === "authority" ? "enterprise" : o.kind }));
  return z
    .object({
      title: line("label.negotiationTitle", 200, "label.title"),
      scope: choice(SCOPES, "label.scope"),
      region: line("label.region", 100),
      industry: line("label.industry", 100),
      unionOrgId: picked("label.unionOrg"),
      enterpriseOrgId: picked("label.enterpriseOrg"),
      mode: choice(MODES, "label.mode"),
      higherUnionOrgId: z
        .string()
        .optional()
        .transform((v) => (v ? v : null)),
      proposedBySide: choice(["union", "enterprise"] as const, "label.proposedBy"),
      proposedOn: z.string({ required_error: fieldMessage("field.enter", { label: label("label.proposedOn") }) }).refine(isCalendarDate, fieldMessage("field.enterRealDate")),
      creatorSide: choice(SIDES, "label.yourSeat"),
      creatorRole: choice(ROLES, "label.yourRole"),
      draftSource: choice(DRAFT_SOURCES, "label.draftSource"),
    })
    .superRefine((value, ctx) => {
      const issue = (path: string, key: RefusalKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message: fieldMessage(key) });
      const union = byId.get(value.unionOrgId);
      if (!union || union.kind !== "union") issue("unionOrgId", "field.unionOrg");
      const enterprise = byId.get(value.enterpriseOrgId);
      if (!enterprise || enterprise.kind !== "enterprise") issue("enterpriseOrgId", "field.enterpriseOrg");
      if (value.mode === "standard") {
        // no higher-level union takes part: a choice left in the form is dropped below
      } else if (!value.higherUnionOrgId) {
        issue("higherUnionOrgId", "field.higherUnionRequired");
      } else if (union && !isAncestor(tree, value.higherUnionOrgId, union.id)) {
        issue("higherUnionOrgId", "field.higherUnionAbove");
      }
      if (!roleFitsSide(value.creatorSide, value.creatorRole)) issue("creatorRole", "field.roleSide");
      if (value.creatorRole === "higher_union" && value.mode === "standard") issue("creatorRole", "field.noHigherUnionRole");
    })
    .transform((value) => (value.mode === "standard" ? { ...value, higherUnionOrgId: null } : value));
}

export type NegotiationStartForm = z.output<ReturnType<typeof negotiationStartSchema>>;

/** A draft that cannot be imported says why as a catalogue entry, rendered by the page in its language. */
export type DraftParse = { ok: true; content: AgreementContent } | { ok: false; text: RefusalText };

/** Reads an uploaded draft (the fixtures' shape) and says which field is wrong when it is not. */
export function parseDraftJson(text: string, byteLength = new TextEncoder().encode(text).length): DraftParse {
  if (byteLength > MAX_DRAFT_BYTES) return { ok: false, text: { key: "draft.tooLarge" } };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, text: { key: "draft.notJson", params: { error: error instanceof Error ? error.message : String(error) } } };
  }
  const parsed = agreementContentSchema.safeParse(data);
  if (parsed.success) return { ok: true, content: { title: parsed.data.title, clauses: parsed.data.clauses } };
  const first = parsed.error.issues[0]!;
  const more = parsed.error.issues.length > 1 ? { key: "draft.moreIssues" as const, params: { count: parsed.error.issues.length - 1 } } : "";
  return { ok: false, text: { key: "draft.badField", params: { path: jsonFieldPath(first.path), reason: issueText(first), more } } };
}
