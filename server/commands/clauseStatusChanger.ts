import { appendAudit } from "../../db/audit";
import { lockKeys, type Driver } from "../../db/driver";
import { lock } from "../../db/locks";
import type { NegotiationRow } from "../../db/queries/negotiations";
import { upsertClauseState } from "../../db/queries/workflow";
import type { AgreementContent } from "../../shared/agreement";
import type { ClauseStatus } from "../../shared/clauseStatus";
import { can, negotiationFacts, type Membership } from "../policies/negotiation";
import { agreementProgress } from "../workflow/progress";
import { refuse, type CommandRefusal } from "./commandResult";

export type StatusChangeOutcome = { ok: true } | (CommandRefusal & { code: "forbidden" | "no_such_clause" });

/** Moves a clause between 提议 / 磋商中 / 搁置 / 撤回 as the policy allows (docs/SPEC.md W-4), audited. */
export async function changeClauseStatus(
  driver: Driver,
  input: { negotiation: NegotiationRow; content: AgreementContent; userId: string; membership: Membership; clauseId: string; to: ClauseStatus },
): Promise<StatusChangeOutcome> {
  const { negotiation, content, userId, membership, clauseId, to } = input;
  return driver.write(async (tx): Promise<StatusChangeOutcome> => {
    // The status the change starts from is read under the negotiation's lock, so two changes cannot both start from it.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    const current = (await agreementProgress(tx, negotiation, content)).clauses.find((c) => c.clauseId === clauseId);
    if (!current) return refuse("no_such_clause", { key: "request.noSuchClause" });
    const change = { from: current.status, to, proposedBy: current.proposedBy };
    if (!can(membership, "changeClauseStatus", negotiationFacts(negotiation), change)) {
      return refuse("forbidden", { key: "clause.statusForbidden" });
    }
    await upsertClauseState(tx, { negotiationId: negotiation.id, clauseId, status: to, proposedBySide: current.proposedBy, updatedBy: userId, updatedAt: Date.now() });
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "clause.status_changed", detail: { clauseId, from: current.status, to } });
    return { ok: true };
  });
}
