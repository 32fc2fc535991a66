import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import type { NegotiationRow } from "../../db/queries/negotiations";
import { negotiations, organisations } from "../../db/schema";
import { addDays, addMonths, chinaToday, filingDeadline, publicationDeadline, takesEffectOn, toDayNumber } from "../../shared/rules/deadlines";
import type { EventHub } from "../events/hub";
import type { Membership } from "../policies/negotiation";
import { canRecordFiling, canRecordReview } from "../policies/signing";
import { done, refuse, type CommandResult } from "./commandResult";

interface Actor {
  negotiation: NegotiationRow;
  userId: string;
  membership: Membership;
}

/**
 * 报送审查 (docs/SPEC.md S-7; 集体合同规定第四十二条): the enterprise side records the day it filed
 * the signed agreement with the labour administration. The only kind of record, with the review
 * outcome, that a locked agreement still accepts; the text itself stays untouched.
 */
export function recordFiling(db: Db, events: EventHub, actor: Actor, filedOn: string, filedWithOrgId: string | null = null, now = new Date()): CommandResult<{ late: boolean }> {
  const { negotiation } = actor;
  const signed = negotiation.lockedAt !== null && negotiation.signedOn !== null;
  if (!signed) return refuse("not_signed", "协议签署后才能登记报送 (file only a signed agreement)");
  if (!canRecordFiling(actor.membership, signed)) return refuse("forbidden", "报送由企业方首席代表登记 (the enterprise chief records the filing)");
  if (negotiation.filedOn !== null) return refuse("already_filed", "已经登记过报送日期", "filedOn");
  if (toDayNumber(filedOn) < toDayNumber(negotiation.signedOn!)) return refuse("before_signing", `报送日期不能早于签署日期 ${negotiation.signedOn}`, "filedOn");
  if (toDayNumber(filedOn) > toDayNumber(chinaToday(now))) return refuse("in_future", "报送日期不能晚于今天", "filedOn");
  // The bureau that received it puts the agreement in that bureau's ledger (L-11): only an organisation of kind authority.
  if (filedWithOrgId !== null && db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, filedWithOrgId)).get()?.kind !== "authority") {
    return refuse("unknown_authority", "所选劳动行政部门不存在 (no such labour administration)", "filedWithOrgId");
  }
  const deadline = filingDeadline(negotiation.signedOn!);
  const late = toDayNumber(filedOn) > toDayNumber(deadline);
  db.transaction((tx) => {
    tx.update(negotiations).set({ status: "filed", filedOn, filedWithOrgId }).where(eq(negotiations.id, negotiation.id)).run();
    appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "filing.recorded", detail: { filedOn, filedWithOrgId, deadline, late } });
  });
  events.publish(negotiation.id, { kind: "signing" });
  return done({ late });
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
export function recordReview(db: Db, events: EventHub, actor: Actor, input: ReviewInput): CommandResult<{ effectiveOn: string | null; expiresOn: string | null }> {
  const { negotiation } = actor;
  const signed = negotiation.lockedAt !== null;
  if (!canRecordReview(actor.membership, signed)) return refuse("forbidden", "审查结果由双方首席代表或上级工会在签署后登记 (the chiefs or the higher-level union record the review)");
  if (negotiation.filedOn === null) return refuse("not_filed", "请先登记报送日期 (record the filing first)", "reviewedOn");
  if (negotiation.reviewOutcome !== null) return refuse("already_reviewed", "已经登记过审查结果", "outcome");
  if (toDayNumber(input.reviewedOn) < toDayNumber(negotiation.filedOn)) return refuse("before_filing", `审查结果日期不能早于报送日期 ${negotiation.filedOn}`, "reviewedOn");
  let effectiveOn: string | null = null;
  let expiresOn: string | null = null;
  if (input.outcome === "no_objection") {
    effectiveOn = takesEffectOn(negotiation.filedOn);
    expiresOn = addDays(addMonths(effectiveOn, 12 * (input.termYears ?? 3)), -1);
  }
  db.transaction((tx) => {
    tx.update(negotiations)
      .set({ reviewOutcome: input.outcome, reviewedOn: input.reviewedOn, reviewNote: input.note || null, effectiveOn, expiresOn, ...(effectiveOn ? { status: "effective" as const } : {}) })
      .where(eq(negotiations.id, negotiation.id))
      .run();
    appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "review.recorded", detail: { ...input, effectiveOn, expiresOn } });
  });
  events.publish(negotiation.id, { kind: "signing" });
  return done({ effectiveOn, expiresOn });
}

/**
 * 公布 (集体合同规定第四十八条; the 2024 guidance: within 10 days of taking effect): the day the
 * agreement in effect was published to every covered worker. Recorded once, not before it took effect.
 */
export function recordPublication(db: Db, events: EventHub, actor: Actor, publishedOn: string): CommandResult<{ publishedOn: string }> {
  const { negotiation } = actor;
  if (!canRecordReview(actor.membership, negotiation.lockedAt !== null)) return refuse("forbidden", "公布日期由双方首席代表或上级工会登记 (the chiefs or the higher-level union record the publication)");
  if (negotiation.effectiveOn === null) return refuse("not_effective", "协议生效后才能登记公布 (record the publication once the agreement is in effect)", "publishedOn");
  if (negotiation.publishedOn !== null) return refuse("already_published", `已于 ${negotiation.publishedOn} 登记公布`, "publishedOn");
  if (toDayNumber(publishedOn) < toDayNumber(negotiation.effectiveOn)) return refuse("before_effect", `公布日期不能早于生效日期 ${negotiation.effectiveOn}`, "publishedOn");
  const deadline = publicationDeadline(negotiation.effectiveOn);
  db.transaction((tx) => {
    tx.update(negotiations).set({ publishedOn }).where(eq(negotiations.id, negotiation.id)).run();
    appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "publication.recorded", detail: { publishedOn, deadline, late: toDayNumber(publishedOn) > toDayNumber(deadline) } });
  });
  events.publish(negotiation.id, { kind: "signing" });
  return done({ publishedOn });
}
