import type { Db } from "~/db/client";
import { clauseStateRows, latestTentativeAgreements, liveTentativeAgreements } from "~/db/queries/workflow";
import type { NegotiationRow } from "~/db/queries/negotiations";
import type { TentativeAgreementRow } from "~/db/queries/workflow";
import type { AgreementContent } from "~/shared/agreement";
import { DEFAULT_CLAUSE_STATUS, type ClauseStatus } from "~/shared/clauseStatus";
import type { TopicKey } from "~/shared/topics";
import { clauseContentHash } from "./clauseHash";

export interface ClauseWorkflow {
  clauseId: string;
  status: ClauseStatus;
  proposedBy: "union" | "enterprise";
  /** The live tentative agreement, if any: who has confirmed the exact text so far. */
  tentative: { id: string; unionConfirmed: boolean; enterpriseConfirmed: boolean; matchesText: boolean } | null;
  /** W-3: the last tentative agreement was voided by an edit — the text it had bound, to show what changed. */
  voided: { title: string; body: string; voidedAt: number } | null;
}

export interface AgreementProgress {
  total: number;
  agreed: number;
  byTopic: { topic: TopicKey; total: number; agreed: number }[];
  clauses: ClauseWorkflow[];
  /** W-7: every clause of the draft is at 暂定一致 (withdrawn clauses must be deleted first). */
  allAgreed: boolean;
}

/**
 * The workflow state of every clause of `content`, derived from the database: a clause is
 * 暂定一致 only while a tentative agreement confirmed by both sides still matches its text.
 */
function voidedByEdit(ta: TentativeAgreementRow | undefined): ClauseWorkflow["voided"] {
  if (!ta || ta.voidedAt === null || ta.voidReason !== "text_changed") return null;
  return { title: ta.agreedTitle, body: ta.agreedBody, voidedAt: ta.voidedAt };
}

export async function agreementProgress(db: Db, negotiation: Pick<NegotiationRow, "id" | "proposedBySide">, content: AgreementContent): Promise<AgreementProgress> {
  const states = await clauseStateRows(db, negotiation.id);
  const live = await liveTentativeAgreements(db, negotiation.id);
  const latest = await latestTentativeAgreements(db, negotiation.id);
  const clauses: ClauseWorkflow[] = content.clauses.map((clause) => {
    const state = states.get(clause.id);
    const ta = live.get(clause.id);
    const matchesText = ta ? ta.contentHash === clauseContentHash(clause.title, clause.body) : false;
    const bothConfirmed = Boolean(ta?.unionConfirmedAt && ta?.enterpriseConfirmedAt);
    let status: ClauseStatus = state?.status ?? DEFAULT_CLAUSE_STATUS;
    if (status === "agreed" && !(bothConfirmed && matchesText)) status = "negotiating";
    if (bothConfirmed && matchesText) status = "agreed";
    return {
      clauseId: clause.id,
      status,
      proposedBy: state?.proposedBySide ?? negotiation.proposedBySide,
      tentative: ta ? { id: ta.id, unionConfirmed: ta.unionConfirmedAt !== null, enterpriseConfirmed: ta.enterpriseConfirmedAt !== null, matchesText } : null,
      voided: voidedByEdit(latest.get(clause.id)),
    };
  });
  const byTopic = new Map<TopicKey, { topic: TopicKey; total: number; agreed: number }>();
  content.clauses.forEach((clause, i) => {
    const entry = byTopic.get(clause.topic) ?? { topic: clause.topic, total: 0, agreed: 0 };
    entry.total++;
    if (clauses[i].status === "agreed") entry.agreed++;
    byTopic.set(clause.topic, entry);
  });
  const agreed = clauses.filter((c) => c.status === "agreed").length;
  return { total: clauses.length, agreed, byTopic: Array.from(byTopic, ([, entry]) => entry), clauses, allAgreed: clauses.length > 0 && agreed === clauses.length };
}
