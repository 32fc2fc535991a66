import { and, eq, isNull } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { negotiations } from "~/db/schema";
import { chinaToday } from "~/shared/rules/deadlines";
import { can, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { refuse, type CommandRefusal } from "./commandResult";

export type AnswerOutcome = { ok: true; answeredOn: string } | (CommandRefusal & { code: "forbidden" | "already_answered" });

/** Records the written answer to the 要约: the answer clock is met and bargaining begins; open pages are told. */
export async function answerProposal(
  ctx: Pick<CommandContext, "driver" | "events" | "clock">,
  actor: Pick<Actor, "negotiation" | "membership" | "userId">,
  _input: Record<string, never>,
): Promise<AnswerOutcome> {
  const { membership, userId } = actor;
  const now = ctx.clock();
  const outcome = await ctx.driver.write(async (tx): Promise<AnswerOutcome> => {
    // Judged on the row read under the negotiation's lock: the 要约 is answered once.
    await lock(tx, lockKeys.negotiation(actor.negotiation.id));
    const negotiation = (await findNegotiation(tx, actor.negotiation.id)) ?? actor.negotiation;
    // Who may answer is asked first, so a seat that never may is told so, not that it is too late.
    if (!can(membership, "answerProposal", { ...negotiationFacts(negotiation), answered: false })) {
      return refuse("forbidden", { key: "proposal.forbidden" });
    }
    if (negotiation.answeredOn !== null) return refuse("already_answered", { key: "proposal.alreadyAnswered", params: { answeredOn: negotiation.answeredOn } });
    const answeredOn = chinaToday(new Date(now));
    await tx
      .update(negotiations)
      .set({ answeredOn, status: negotiation.status === "proposed" ? "bargaining" : negotiation.status })
      .where(and(eq(negotiations.id, negotiation.id), isNull(negotiations.answeredOn)));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "proposal.answered", detail: { answeredOn, proposedOn: negotiation.proposedOn } }, now);
    return { ok: true, answeredOn };
  });
  if (outcome.ok) ctx.events.publish(actor.negotiation.id, { kind: "workflow" });
  return outcome;
}
