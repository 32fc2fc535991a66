import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation, listParticipants } from "~/db/queries/negotiations";
import { findMeeting, minutesConfirmed, type MeetingRow } from "~/db/queries/meetings";
import { meetings, negotiations as negotiationsTable } from "~/db/schema";
import type { MeetingInput } from "~/shared/schemas/talk";
import { newId } from "../ids";
import { can, minutesConfirmationSide, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

type MeetingActor = Pick<Actor, "negotiation" | "userId" | "membership">;
type MeetingContext = Pick<CommandContext, "driver" | "collab" | "events" | "clock">;

/** SHA-256 of what the chiefs confirm: the whole record of the meeting, in a fixed order. */
export function minutesHash(m: Pick<MeetingRow, "heldOn" | "place" | "chairUserId" | "minuteTaker" | "attendees" | "agenda" | "minutes" | "outcomes" | "suspendedReason" | "resumeOn">): string {
  const canonical = JSON.stringify([m.heldOn, m.place, m.chairUserId, m.minuteTaker, m.attendees, m.agenda, m.minutes, m.outcomes, m.suspendedReason, m.resumeOn]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

/**
 * Records a new meeting or amends one. Minutes both chiefs confirmed are immutable (code
 * `minutes_confirmed`, answered 409). Amending minutes one chief already confirmed withdraws that
 * confirmation: it was given to other text. Audited in the same transaction; the meetings page is told.
 * The chair and attendees must hold seats, the agenda and outcomes name clauses of the live draft.
 */
export async function saveMeeting(ctx: MeetingContext, actor: MeetingActor, input: MeetingInput): Promise<CommandResult<{ id: string; created: boolean }>> {
  const { driver } = ctx;
  const { negotiation, userId, membership } = actor;
  if (!can(membership, "recordMeeting", negotiationFacts(negotiation))) return refuse("forbidden", { key: "meeting.forbidden" });
  const content = await ctx.collab.readAgreement(negotiation.id);
  const known = { seats: await listParticipants(driver.db, negotiation.id), clauseIds: new Set(content.clauses.map((c) => c.id)) };
  const seatOf = new Map(known.seats.map((s) => [s.userId, s]));
  if (input.chairUserId) {
    const chair = seatOf.get(input.chairUserId);
    if (!chair || !can(chair, "chair", negotiationFacts(negotiation))) return refuse("invalid", { key: "meeting.chair" }, "chairUserId");
  }
  if (input.attendees.some((id) => !seatOf.has(id) || seatOf.get(id)!.side === "observer")) return refuse("invalid", { key: "meeting.attendees" }, "attendees");
  for (const field of ["agenda", "outcomes"] as const) {
    if (input[field].some((id) => !known.clauseIds.has(id))) return refuse("invalid", { key: "meeting.clauses" }, field);
  }
  const record = {
    heldOn: input.heldOn,
    place: input.place,
    chairUserId: input.chairUserId ?? null,
    minuteTaker: input.minuteTaker,
    attendees: [...new Set(input.attendees)],
    agenda: [...new Set(input.agenda)],
    minutes: input.minutes,
    outcomes: [...new Set(input.outcomes)],
    suspendedReason: input.suspendedReason ?? null,
    resumeOn: input.resumeOn ?? null,
  };
  const now = ctx.clock();
  const meetingId = input.meetingId;
  const result = await driver.write(async (tx): Promise<CommandResult<{ id: string; created: boolean }>> => {
    // The negotiation's status and the meeting's confirmations are read under the negotiation's
    // lock, so an amendment and a confirmation of the same minutes cannot cross.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    if (!meetingId) {
      const id = newId("mt");
      const status = (await findNegotiation(tx, negotiation.id))?.status ?? negotiation.status;
      await tx.insert(meetings).values({ id, negotiationId: negotiation.id, ...record, recordedBy: userId, createdAt: now, updatedAt: now });
      await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "meeting.recorded", detail: { meetingId: id, heldOn: record.heldOn, suspended: record.suspendedReason !== null, minutesHash: minutesHash(record) } }, now);
      // A new meeting after a suspension (中止) is the resumption of talks.
      if (status === "suspended" && record.suspendedReason === null) {
        await tx.update(negotiationsTable).set({ status: "bargaining" }).where(eq(negotiationsTable.id, negotiation.id));
        await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "negotiation.resumed", detail: { meetingId: id, heldOn: record.heldOn } }, now);
      }
      return done({ id, created: true });
    }
    const existing = await findMeeting(tx, meetingId);
    if (!existing || existing.negotiationId !== negotiation.id) return refuse("not_found", { key: "meeting.notFound" });
    if (minutesConfirmed(existing)) return refuse("minutes_confirmed", { key: "meeting.minutesConfirmed" });
    const withdrawn = [existing.unionConfirmedAt !== null && "union", existing.enterpriseConfirmedAt !== null && "enterprise"].filter(Boolean);
    await tx
      .update(meetings)
      .set({ ...record, updatedAt: now, unionConfirmedBy: null, unionConfirmedAt: null, enterpriseConfirmedBy: null, enterpriseConfirmedAt: null })
      .where(eq(meetings.id, existing.id));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "meeting.amended", detail: { meetingId: existing.id, minutesHash: minutesHash(record), confirmationsWithdrawn: withdrawn } }, now);
    return done({ id: existing.id, created: false });
  });
  if (result.ok) ctx.events.publish(negotiation.id, { kind: "meetings" });
  return result;
}

/** A chief (or, under 上代下, the higher-level union) confirms the minutes for their side; the meetings page is told. */
export async function confirmMinutes(ctx: MeetingContext, actor: MeetingActor, input: { meetingId: string }): Promise<CommandResult<{ state: "confirmed" | "both_confirmed" | "already_confirmed" }>> {
  const { negotiation, userId, membership } = actor;
  const side = minutesConfirmationSide(membership, negotiationFacts(negotiation));
  if (!side) return refuse("forbidden", { key: "meeting.mayNotConfirm" });
  const result = await ctx.driver.write(async (tx): Promise<CommandResult<{ state: "confirmed" | "both_confirmed" | "already_confirmed" }>> => {
    // Read under the negotiation's lock: the two chiefs confirming at once both count, and "both" is seen once.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    const meeting = await findMeeting(tx, input.meetingId);
    if (!meeting || meeting.negotiationId !== negotiation.id) return refuse("not_found", { key: "meeting.notFound" });
    const mine = side === "union" ? meeting.unionConfirmedAt : meeting.enterpriseConfirmedAt;
    if (mine !== null) return done({ state: "already_confirmed" });
    const now = ctx.clock();
    const set = side === "union" ? { unionConfirmedBy: userId, unionConfirmedAt: now } : { enterpriseConfirmedBy: userId, enterpriseConfirmedAt: now };
    const both = minutesConfirmed({ ...meeting, ...set });
    const status = (await findNegotiation(tx, negotiation.id))?.status ?? negotiation.status;
    await tx.update(meetings).set(set).where(eq(meetings.id, meeting.id));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "meeting.minutes_confirmed", detail: { meetingId: meeting.id, side, minutesHash: minutesHash(meeting), final: both } }, now);
    // A suspension (中止) is agreed when both chiefs confirm the minutes that record it (Art. 35).
    if (both && meeting.suspendedReason !== null && (status === "proposed" || status === "bargaining")) {
      await tx.update(negotiationsTable).set({ status: "suspended" }).where(eq(negotiationsTable.id, negotiation.id));
      await appendAudit(tx, { negotiationId: negotiation.id, actorId: userId, action: "negotiation.suspended", detail: { meetingId: meeting.id, reason: meeting.suspendedReason, resumeOn: meeting.resumeOn } }, now);
    }
    return done({ state: both ? "both_confirmed" : "confirmed" });
  });
  if (result.ok) ctx.events.publish(negotiation.id, { kind: "meetings" });
  return result;
}
