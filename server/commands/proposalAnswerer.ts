import { and, eq, isNull } from "drizzle-orm";
import { appendAudit } from "../../db/audit";
import { lockKeys, type Driver } from "../../db/driver";
import { lock } from "../../db/locks";
import { findNegotiation, type NegotiationRow } from "../../db/queries/negotiations";
import { negotiations } from "../../db/schema";
import { chinaToday } from "../../shared/rules/deadlines";
import { canAnswerProposal } from "../policies/clause";
import type { Membership } from "../policies/negotiation";

export type AnswerOutcome = { ok: true; answeredOn: string } | { ok: false; code: "forbidden" | "already_answered"; message: string };

/** Records the written answer to the 要约: the answer clock is met and bargaining begins. */
export async function answerProposal(driver: Driver, input: { negotiation: NegotiationRow; membership: Membership; userId: string; today?: string }): Promise<AnswerOutcome> {
  const { membership, userId } = input;
  return driver.write(async (tx): Promise<AnswerOutcome> => {
    // Judged on the row read under the negotiation's lock: the 要约 is answered once.
    await lock(tx, lockKeys.negotiation(input.negotiation.id));
    const negotiation = (await findNegotiation(tx, input.negotiation.id)) ?? input.negotiation;
    // Who may answer is asked first, so a seat that never may is told so, not that it is too late.
    if (!canAnswerProposal(membership, { ...negotiation, answeredOn: null }, negotiation.lockedAt !== null)) {
      return { ok: false, code: "forbidden", message: "只有未提出要约一方的首席代表可以书面答复 (only the other side's chief answers the proposal)" };
    }
    if (negotiation.answeredOn !== null) return { ok: false, code: "already_answered", message: `要约已于 ${negotiation.answeredOn} 答复 (already answered)` };
    const answeredOn = input.today ?? chinaToday();
    await tx
      .update(negotiations)
      .set({ answeredOn, status: negotiation.status === "proposed" ? "bargaining" : negotiation.status })
      .where(and(eq(negotiations.id, negotiation.id), isNull(negotiations.answeredOn)));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "proposal.answered", detail: { answeredOn, proposedOn: negotiation.proposedOn } });
    return { ok: true, answeredOn };
  });
}
