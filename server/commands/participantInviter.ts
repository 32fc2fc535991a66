import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation, organisationKindOf } from "~/db/queries/negotiations";
import { invites, organisations, participants, users } from "~/db/schema";
import { roleFitsSide, type Role, type Side } from "~/shared/roles";
import { isAncestor } from "~/shared/rules/delegation";
import { INVITE_TTL_HOURS } from "~/shared/schemas/participants";
import { newId } from "../ids";
import { can } from "../policies/negotiation";
import type { RefusalText } from "~/shared/i18n/refusals";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

/** Who acts, in which negotiation, from which seat. */
export type SeatManager = Pick<Actor, "negotiationId" | "userId" | "membership" | "facts">;

export interface Seat {
  side: Side;
  role: Role;
  outsideExpert?: boolean;
}

type OrgKind = (typeof organisations.$inferSelect)["kind"];

/**
 * 集体合同规定第二十四条: nobody represents both sides. A person from an enterprise does not sit on
 * the union side, nor a union official on the enterprise side; observers and people without an
 * organisation (entrusted lawyers, experts) may sit anywhere their role fits.
 */
export function seatFitsOrganisation(kind: OrgKind | null, side: Side): boolean {
  if (side === "union") return kind !== "enterprise";
  if (side === "enterprise") return kind !== "union";
  return true;
}

/** The bargaining union and the named higher-level union: what the higher-level union's seat is judged by. */
export interface NegotiationParties {
  unionOrgId: string;
  higherUnionOrgId: string | null;
}

/**
 * Whether this person may take this seat, by their organisation: nobody on both sides (Art. 24),
 * and the higher-level union's seat is held by someone of that union — the negotiation's named
 * higher-level union, or a union above the bargaining union in the tree. `negotiation` is an
 * existing negotiation's id, or the parties of one being started (the starter's own seat, X-3).
 */
export async function personFitsSeat(db: Db, negotiation: string | NegotiationParties, seat: { side: Side; role: Role }, organisationId: string | null): Promise<CommandResult> {
  if (!seatFitsOrganisation((await organisationKindOf(db, organisationId)) as OrgKind | null, seat.side)) {
    return refuse("both_sides", { key: "seat.bothSides" }, "side");
  }
  if (seat.role === "higher_union") {
    const parties = typeof negotiation === "string" ? await findNegotiation(db, negotiation) : negotiation;
    const tree = await db.select({ id: organisations.id, parentId: organisations.parentId, kind: organisations.kind }).from(organisations);
    const fits =
      parties !== undefined &&
      organisationId !== null &&
      (organisationId === parties.higherUnionOrgId || isAncestor(tree, organisationId, parties.unionOrgId));
    if (!fits) return refuse("not_higher_union", { key: "seat.notHigherUnion" }, "role");
  }
  return done(null);
}

/** The checks every seat change shares: the manager's reach (policy), the role, the person's organisation. */
export async function checkSeat(db: Db, manager: SeatManager, seat: Seat, person: { organisationId: string | null } | null): Promise<CommandResult> {
  if (!can(manager.membership, "manageSeat", manager.facts, { side: seat.side })) {
    return refuse("seat_not_managed", { key: "seat.notManaged" }, "side");
  }
  if (!roleFitsSide(seat.side, seat.role)) return refuse("role_side_mismatch", { key: "seat.roleSideMismatch" }, "role");
  if (seat.role === "chief" && seat.outsideExpert) {
    return refuse("outside_chief", { key: "seat.outsideChief" }, "outsideExpert");
  }
  return person ? personFitsSeat(db, manager.negotiationId, seat, person.organisationId) : done(null);
}

/**
 * Seats an existing account (by username) in the negotiation. The seat itself is judged first
 * (the manager's reach, the role); then one answer, the same for an unknown or disabled username
 * and for a person who cannot take the seat, so the form does not tell a chief which usernames
 * exist or where their owners work (docs/SPEC.md X-8).
 */
export async function inviteByUsername(ctx: Pick<CommandContext, "driver">, manager: SeatManager, input: Seat & { username: string }): Promise<CommandResult<{ participantId: string; userId: string }>> {
  const { driver } = ctx;
  const seatChecked = await checkSeat(driver.db, manager, input, null);
  if (!seatChecked.ok) return seatChecked;
  const [user] = await driver.db
    .select({ id: users.id, username: users.username, organisationId: users.organisationId, disabledAt: users.disabledAt, isAdmin: users.isAdmin })
    .from(users)
    .where(eq(users.username, input.username))
    .limit(1);
  const fits = user && user.disabledAt === null ? await personFitsSeat(driver.db, manager.negotiationId, input, user.organisationId) : null;
  if (!user || !fits?.ok) return refuse("cannot_seat_user", cannotSeatText(input.username), "username");
  return driver.write(async (tx): Promise<CommandResult<{ participantId: string; userId: string }>> => {
    // Checked under the negotiation's lock: two managers seating the same person at once seat them once.
    await lock(tx, lockKeys.negotiation(manager.negotiationId));
    const [existing] = await tx
      .select({ id: participants.id })
      .from(participants)
      .where(and(eq(participants.negotiationId, manager.negotiationId), eq(participants.userId, user.id)))
      .limit(1);
    if (existing) return refuse("already_participant", { key: "seat.alreadyParticipant", params: { username: user.username } }, "username");
    const participantId = newId("p");
    await tx
      .insert(participants)
      .values({
        id: participantId,
        negotiationId: manager.negotiationId,
        userId: user.id,
        side: input.side,
        role: input.role,
        outsideExpert: input.outsideExpert ?? false,
        addedBy: manager.userId,
      });
    await appendAudit(tx, {
      negotiationId: manager.negotiationId,
      actorId: manager.userId,
      action: "participant.invited",
      detail: { participantId, userId: user.id, username: user.username, side: input.side, role: input.role, outsideExpert: input.outsideExpert ?? false, via: "username" },
    });
    return done({ participantId, userId: user.id });
  });
}

async function findSeat(db: Db, negotiationId: string, participantId: string) {
  const [seat] = await db
    .select({ id: participants.id, userId: participants.userId, side: participants.side, role: participants.role, outsideExpert: participants.outsideExpert, organisationId: users.organisationId })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .where(and(eq(participants.negotiationId, negotiationId), eq(participants.id, participantId)))
    .limit(1);
  return seat;
}

/** The one answer for a username that cannot be seated, whatever the reason. */
export function cannotSeatText(username: string): RefusalText {
  return { key: "seat.cannotSeat", params: { username } };
}

/**
 * Changes a participant's side, role or outside-expert flag; answers whose seat it was. That
 * person's live-draft sockets end, to reconnect with the new seat's rights.
 */
export async function changeSeat(ctx: Pick<CommandContext, "driver" | "collab">, manager: SeatManager, input: Seat & { participantId: string }): Promise<CommandResult<{ userId: string }>> {
  return reseated(ctx, ctx.driver.write(async (tx): Promise<CommandResult<{ userId: string }>> => {
    // The seat as it stands under the negotiation's lock: its "from" is what the audit records.
    await lock(tx, lockKeys.negotiation(manager.negotiationId));
    const seat = await findSeat(tx, manager.negotiationId, input.participantId);
    if (!seat) return refuse("unknown_participant", { key: "seat.unknownParticipant" });
    if (seat.userId === manager.userId) return refuse("own_seat", { key: "seat.ownSeat" });
    if (!can(manager.membership, "manageSeat", manager.facts, { side: seat.side })) {
      return refuse("seat_not_managed", { key: "seat.otherSideChange" });
    }
    const checked = await checkSeat(tx, manager, input, seat);
    if (!checked.ok) return checked;
    const to = { side: input.side, role: input.role, outsideExpert: input.outsideExpert ?? false };
    await tx.update(participants).set(to).where(eq(participants.id, seat.id));
    await appendAudit(tx, {
      negotiationId: manager.negotiationId,
      actorId: manager.userId,
      action: "participant.role_changed",
      detail: { participantId: seat.id, userId: seat.userId, from: { side: seat.side, role: seat.role, outsideExpert: seat.outsideExpert }, to },
    });
    return done({ userId: seat.userId });
  }));
}

/** A changed or emptied seat ends that person's live-draft sockets, which reconnect with the new seat's rights. */
async function reseated(ctx: Pick<CommandContext, "collab">, pending: Promise<CommandResult<{ userId: string }>>): Promise<CommandResult<{ userId: string }>> {
  const result = await pending;
  if (result.ok) await ctx.collab.reauthorise(result.value.userId);
  return result;
}

/** Removes a participant from the negotiation (their earlier edits and signatures stay attributed; their sockets end); answers who it was. */
export async function removeParticipant(ctx: Pick<CommandContext, "driver" | "collab">, manager: SeatManager, input: { participantId: string }): Promise<CommandResult<{ userId: string }>> {
  return reseated(ctx, ctx.driver.write(async (tx): Promise<CommandResult<{ userId: string }>> => {
    await lock(tx, lockKeys.negotiation(manager.negotiationId));
    const seat = await findSeat(tx, manager.negotiationId, input.participantId);
    if (!seat) return refuse("unknown_participant", { key: "seat.unknownParticipant" });
    if (seat.userId === manager.userId) return refuse("own_seat", { key: "seat.ownRemoval" });
    if (!can(manager.membership, "manageSeat", manager.facts, { side: seat.side })) {
      return refuse("seat_not_managed", { key: "seat.otherSideRemoval" });
    }
    await tx.delete(participants).where(eq(participants.id, seat.id));
    await appendAudit(tx, {
      negotiationId: manager.negotiationId,
      actorId: manager.userId,
      action: "participant.removed",
      detail: { participantId: seat.id, userId: seat.userId, side: seat.side, role: seat.role },
    });
    return done({ userId: seat.userId });
  }));
}

/** The table keeps only the SHA-256 of an invite token, as it does for sessions. */
export function inviteTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Creates a one-time invite link for a seat, valid INVITE_TTL_HOURS. The token is returned once,
 * to be shown to the manager; only its hash is stored.
 */
export async function createInviteLink(ctx: Pick<CommandContext, "driver" | "clock">, manager: SeatManager, seat: { side: Side; role: Role }): Promise<CommandResult<{ token: string; expiresAt: number }>> {
  const { driver } = ctx;
  const now = ctx.clock();
  const checked = await checkSeat(driver.db, manager, seat, null);
  if (!checked.ok) return checked;
  const token = randomBytes(32).toString("base64url");
  const id = inviteTokenHash(token);
  const expiresAt = now + INVITE_TTL_HOURS * 3_600_000;
  await driver.write(async (tx) => {
    await tx.insert(invites).values({ id, negotiationId: manager.negotiationId, side: seat.side, role: seat.role, createdBy: manager.userId, createdAt: now, expiresAt });
    await appendAudit(tx, {
      negotiationId: manager.negotiationId,
      actorId: manager.userId,
      action: "invite.created",
      detail: { invite: id.slice(0, 12), side: seat.side, role: seat.role, expiresAt },
    });
  });
  return done({ token, expiresAt });
}

/** Revokes an unused invite link at once (it expires now); the seat's manager only, audited. */
export async function revokeInviteLink(ctx: Pick<CommandContext, "driver" | "clock">, manager: SeatManager, { inviteId }: { inviteId: string }): Promise<CommandResult<null>> {
  const now = ctx.clock();
  return ctx.driver.write(async (tx): Promise<CommandResult<null>> => {
    // Under the negotiation's lock, which acceptInvite takes too: a link is either used or revoked, not both.
    await lock(tx, lockKeys.negotiation(manager.negotiationId));
    const [invite] = await tx
      .select()
      .from(invites)
      .where(and(eq(invites.id, inviteId), eq(invites.negotiationId, manager.negotiationId)))
      .limit(1);
    if (!invite || invite.usedAt !== null || invite.expiresAt <= now) return refuse("invite_not_open", { key: "invite.notOpen" });
    if (!can(manager.membership, "manageSeat", manager.facts, { side: invite.side })) {
      return refuse("seat_not_managed", { key: "seat.notManaged" });
    }
    await tx.update(invites).set({ expiresAt: now }).where(eq(invites.id, invite.id));
    await appendAudit(tx, { negotiationId: manager.negotiationId, actorId: manager.userId, action: "invite.revoked", detail: { side: invite.side, role: invite.role } }, now);
    return done(null);
  });
}
