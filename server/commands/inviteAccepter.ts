import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { invites, negotiations, participants, users } from "~/db/schema";
import type { Role, Side } from "~/shared/roles";
import { INVITE_TOKEN_PATTERN } from "~/shared/schemas/participants";
import { newId } from "../ids";
import type { RefusalText } from "~/shared/i18n/refusals";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";
import { inviteTokenHash, personFitsSeat } from "./participantInviter";

export type InviteState = "open" | "used" | "expired" | "unknown" | "locked";

export interface InviteView {
  state: InviteState;
  negotiationId?: string;
  negotiationTitle?: string;
  side?: Side;
  role?: Role;
  expiresAt?: number;
  createdBy?: string;
}

/**
 * What an invite link offers, without using it (the page shows it before the user accepts). A read:
 * it takes a database handle (`driver.db`, or the `tx` acceptInvite reads it through).
 */
export async function inspectInvite(db: Db, token: string, now = Date.now()): Promise<InviteView> {
  if (!INVITE_TOKEN_PATTERN.test(token)) return { state: "unknown" };
  const [row] = await db
    .select({ invite: invites, title: negotiations.title, lockedAt: negotiations.lockedAt })
    .from(invites)
    .innerJoin(negotiations, eq(negotiations.id, invites.negotiationId))
    .where(eq(invites.id, inviteTokenHash(token)))
    .limit(1);
  if (!row) return { state: "unknown" };
  const state: InviteState = row.invite.usedAt !== null ? "used" : row.invite.expiresAt <= now ? "expired" : row.lockedAt !== null ? "locked" : "open";
  return { state, negotiationId: row.invite.negotiationId, negotiationTitle: row.title, side: row.invite.side, role: row.invite.role, expiresAt: row.invite.expiresAt, createdBy: row.invite.createdBy };
}

/** Why a link cannot be used, as the catalogue words it (shared/i18n/refusals.ts). */
export const INVITE_STATE_TEXT: Record<Exclude<InviteState, "open">, RefusalText> = {
  used: { key: "invite.used" },
  expired: { key: "invite.expired" },
  unknown: { key: "invite.unknown" },
  locked: { key: "invite.locked" },
};

/**
 * Uses an invite: the signed-in user takes the invited seat and the link is spent, in one
 * transaction (two people opening the same link at once: only the first gets the seat). The link
 * is judged again inside that transaction under the negotiation's lock (which revoking a link and
 * the last signature take too) and the invite's own lock.
 */
export async function acceptInvite(ctx: Pick<CommandContext, "driver" | "clock">, actor: Pick<Actor, "userId">, { token }: { token: string }): Promise<CommandResult<{ negotiationId: string }>> {
  const { driver } = ctx;
  const { userId } = actor;
  const now = ctx.clock();
  const first = await inspectInvite(driver.db, token, now);
  if (first.state !== "open") return refuse(`invite_${first.state}`, INVITE_STATE_TEXT[first.state]);
  const id = inviteTokenHash(token);
  const negotiationId = first.negotiationId!;
  return driver.write(async (tx): Promise<CommandResult<{ negotiationId: string }>> => {
    await lock(tx, lockKeys.negotiation(negotiationId));
    await lock(tx, lockKeys.invite(token));
    const view = await inspectInvite(tx, token, now);
    if (view.state !== "open") return refuse(`invite_${view.state}`, INVITE_STATE_TEXT[view.state]);
    const [user] = await tx.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, userId)).limit(1);
    const fits = await personFitsSeat(tx, negotiationId, { side: view.side!, role: view.role! }, user?.organisationId ?? null);
    if (!fits.ok) return fits;
    const [existing] = await tx
      .select({ id: participants.id })
      .from(participants)
      .where(and(eq(participants.negotiationId, negotiationId), eq(participants.userId, userId)))
      .limit(1);
    if (existing) return refuse("already_participant", { key: "invite.alreadyJoined" });
    const spent = await tx
      .update(invites)
      .set({ usedAt: now, usedBy: userId })
      .where(and(eq(invites.id, id), isNull(invites.usedAt), gt(invites.expiresAt, now)))
      .returning({ usedAt: invites.usedAt });
    if (spent.length !== 1) return refuse("invite_unknown", INVITE_STATE_TEXT.unknown);
    const participantId = newId("p");
    await tx.insert(participants).values({ id: participantId, negotiationId, userId, side: view.side!, role: view.role!, addedBy: view.createdBy ?? null });
    await appendAudit(tx, {
      negotiationId,
      actorId: userId,
      action: "participant.invited",
      detail: { participantId, userId, side: view.side, role: view.role, via: "link", invite: id.slice(0, 12) },
    }, now);
    return done({ negotiationId });
  });
}
