import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { invites } from "../schema";

/** A negotiation's invite links that can still be used at `now`, oldest first (no token). */
export async function openInvites(db: Db, negotiationId: string, now: number) {
  return await db
    .select({ id: invites.id, side: invites.side, role: invites.role, createdAt: invites.createdAt, expiresAt: invites.expiresAt })
    .from(invites)
    .where(and(eq(invites.negotiationId, negotiationId), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .orderBy(asc(invites.createdAt));
}
