import { eq } from "drizzle-orm";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation, type NegotiationRow } from "~/db/queries/negotiations";
import { negotiations, organisations } from "~/db/schema";
import { addDays, addMonths, chinaToday, filingDeadline, publicationDeadline, takesEffectOn, toDayNumber } from "~/shared/rules/deadlines";
import { can, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

type Recorder = Pick<Actor, "negotiation" | "userId" | "membership">;
type FilingContext = Pick<CommandContext, "driver" | "events" | "clock">;

/**
 * The negotiation as it stands under its lock: each record below is accepted once (already filed,
 * reviewed, published), so it is judged on the row read inside the write, not the one the request loaded.
 */
async function lockedNegotiation(tx: Db, negotiation: NegotiationRow): Promise<NegotiationRow> {
  await lock(tx, lockKeys.negotiation(negotiation.id));
  return (await findNegotiation(tx, negotiation.id)) ?? negotiation;
}

/**
 * 报送审查 (docs/SPEC.md S-7; 集体合同规定第四十二条): the enterprise side records the day it filed
 * the signed agreement with the labour administration. The only kind of record, with the review
 * outcome, that a locked agreement still accepts; the text itself stays untouched. The signing page is told.
 */
export async function recordFiling(
  ctx: FilingContext,
  actor: Recorder,
  { filedOn, filedWithOrgId = null }: { filedOn: string; filedWithOrgId?: string | null },
): Promise<CommandResult<{ late: boolean }>> {
  const now = new Date(ctx.clock());
  const result = await ctx.driver.write(async (tx): Promise<CommandResult<{ late: boolean }>> => {
    const negotiation = await lockedNegotiation(tx, actor.negotiation);
    const signed = negotiation.lockedAt !== null && negotiation.signedOn !== null;
    if (!signed) return refuse("not_signed", { key: "filing.notSigned" });
    if (!can(actor.membership, "recordFiling", negotiationFacts(negotiation))) return refuse("forbidden", { key: "filing.forbidden" });
    if (negotiation.filedOn !== null) return refuse("already_filed", { key: "filing.alreadyFiled" }, "filedOn");
    if (toDayNumber(filedOn) < toDayNumber(negotiation.signedOn!)) return refuse("before_signing", { key: "filing.beforeSigning", params: { signedOn: negotiation.signedOn! } }, "filedOn");
    if (toDayNumber(filedOn) > toDayNumber(chinaToday(now))) return refuse("in_future", { key: "filing.inFuture" }, "filedOn");
    // The bureau that received it puts the agreement in that bureau's ledger (L-11): only an organisation of kind authority.
    if (filedWithOrgId !== null && (await tx.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, filedWithOrgId)).limit(1))[0]?.kind !== "authority") {
      return refuse("unknown_authority", { key: "filing.unknownAuthority" }, "filedWithOrgId");
    }
    const deadline = filingDeadline(negotiation.signedOn!);
    const late = toDayNumber(filedOn) > toDayNumber(deadline);
    await tx.update(negotiations).set({ status: "filed", filedOn, filedWithOrgId }).where(eq(negotiations.id, negotiation.id));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "filing.recorded", detail: { filedOn, filedWithOrgId, deadline, late } });
    return done({ late });
  });
  if (result.ok) ctx.events.publish(actor.negotiation.id, { kind: "signing" });
  return result;
}

export interface ReviewInput {
  outcome: "no_objection" | "objection";
  reviewedOn: string;
  /** The agreement's term in years (集体合同规定第三十八条: 1–3), for an agreement that takes effect. */
  termYears?: 1 | 2 | 3;
  note?: string;
}

/**
 * 审查结果 (第四十六、四十七条): without objection the agreement takes effect the day after the
 * 15-day review period and runs for its term; an objection is recorded with its note and the
 * agreement stays filed, not in effect.
 */
export async function recordReview(ctx: FilingContext, actor: Recorder, input: ReviewInput): Promise<CommandResult<{ effectiveOn: string | null; expiresOn: string | null }>> {
  const result = await ctx.driver.write(async (tx): Promise<CommandResult<{ effectiveOn: string | null; expiresOn: string | null }>> => {
    const negotiation = await lockedNegotiation(tx, actor.negotiation);
    if (!can(actor.membership, "recordReview", negotiationFacts(negotiation))) return refuse("forbidden", { key: "review.forbidden" });
    if (negotiation.filedOn === null) return refuse("not_filed", { key: "review.notFiled" }, "reviewedOn");
    if (negotiation.reviewOutcome !== null) return refuse("already_reviewed", { key: "review.alreadyReviewed" }, "outcome");
    if (toDayNumber(input.reviewedOn) < toDayNumber(negotiation.filedOn)) return refuse("before_filing", { key: "review.beforeFiling", params: { filedOn: negotiation.filedOn } }, "reviewedOn");
    let effectiveOn: string | null = null;
    let expiresOn: string | null = null;
    if (input.outcome === "no_objection") {
      effectiveOn = takesEffectOn(negotiation.filedOn);
      expiresOn = addDays(addMonths(effectiveOn, 12 * (input.termYears ?? 3)), -1);
    }
    await tx
      .update(negotiations)
      .set({ reviewOutcome: input.outcome, reviewedOn: input.reviewedOn, reviewNote: input.note || null, effectiveOn, expiresOn, ...(effectiveOn ? { status: "effective" as const } : {}) })
      .where(eq(negotiations.id, negotiation.id));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "review.recorded", detail: { ...input, effectiveOn, expiresOn } });
    return done({ effectiveOn, expiresOn });
  });
  if (result.ok) ctx.events.publish(actor.negotiation.id, { kind: "signing" });
  return result;
}

/**
 * 公布 (集体合同规定第四十八条; the 2024 guidance: within 10 days of taking effect): the day the
 * agreement in effect was published to every covered worker. Recorded once, not before it took effect.
 */
export async function recordPublication(ctx: FilingContext, actor: Recorder, { publishedOn }: { publishedOn: string }): Promise<CommandResult<{ publishedOn: string }>> {
  const result = await ctx.driver.write(async (tx): Promise<CommandResult<{ publishedOn: string }>> => {
    const negotiation = await lockedNegotiation(tx, actor.negotiation);
    if (!can(actor.membership, "recordReview", negotiationFacts(negotiation))) return refuse("forbidden", { key: "publication.forbidden" });
    if (negotiation.effectiveOn === null) return refuse("not_effective", { key: "publication.notEffective" }, "publishedOn");
    if (negotiation.publishedOn !== null) return refuse("already_published", { key: "publication.alreadyPublished", params: { publishedOn: negotiation.publishedOn } }, "publishedOn");
    if (toDayNumber(publishedOn) < toDayNumber(negotiation.effectiveOn)) return refuse("before_effect", { key: "publication.beforeEffect", params: { effectiveOn: negotiation.effectiveOn } }, "publishedOn");
    const deadline = publicationDeadline(negotiation.effectiveOn);
    await tx.update(negotiations).set({ publishedOn }).where(eq(negotiations.id, negotiation.id));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "publication.recorded", detail: { publishedOn, deadline, late: toDayNumber(publishedOn) > toDayNumber(deadline) } });
    return done({ publishedOn });
  });
  if (result.ok) ctx.events.publish(actor.negotiation.id, { kind: "signing" });
  return result;
}
