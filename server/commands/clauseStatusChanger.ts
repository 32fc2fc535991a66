import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { upsertClauseState } from "~/db/queries/workflow";
import type { ClauseStatus } from "~/shared/clauseStatus";
import { can, negotiationFacts } from "../policies/negotiation";
import { agreementProgress } from "../workflow/progress";
import type { Actor, CommandContext } from "./commandContext";
import { refuse, type CommandRefusal } from "./commandResult";

export type StatusChangeOutcome = { ok: true } | (CommandRefusal & { code: "forbidden" | "no_such_clause" });

/** Moves a clause between 提议 / 磋商中 / 搁置 / 撤回 as the policy allows (docs/SPEC.md W-4), audited; open pages are told. */
export async function changeClauseStatus(
  ctx: Pick<CommandContext, "driver" | "collab" | "events" | "clock">,
  actor: Pick<Actor, "negotiation" | "userId" | "membership">,
  input: { clauseId: string; to: ClauseStatus },
): Promise<StatusChangeOutcome> {
  const { negotiation, userId, membership } = actor;
  const { clauseId, to } = input;
  const content = await ctx.collab.readAgreement(negotiation.id);
  const outcome = await ctx.driver.write(async (tx): Promise<StatusChangeOutcome> => {
    // The status the change starts from is read under the negotiation's lock, so two changes cannot both start from it.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    const current = (await agreementProgress(tx, negotiation, content)).clauses.find((c) => c.clauseId === clauseId);
    if (!current) return refuse("no_such_clause", { key: "request.noSuchClause" });
    const change = { from: current.status, to, proposedBy: current.proposedBy };
    if (!can(membership, "changeClauseStatus", negotiationFacts(negotiation), change)) {
      return refuse("forbidden", { key: "clause.statusForbidden" });
    }
    const now = ctx.clock();
    await upsertClauseState(tx, { negotiationId: negotiation.id, clauseId, status: to, proposedBySide: current.proposedBy, updatedBy: userId, updatedAt: now });
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "clause.status_changed", detail: { clauseId, from: current.status, to } }, now);
    return { ok: true };
  });
  if (outcome.ok) ctx.events.publish(negotiation.id, { kind: "workflow" });
  return outcome;
}
