import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { negotiations, organisations, participants, users } from "../schema";
import type { Membership } from "~/shared/roles";

export type NegotiationRow = typeof negotiations.$inferSelect;

export async function findNegotiation(db: Db, id: string): Promise<NegotiationRow | undefined> {
  return (await db.select().from(negotiations).where(eq(negotiations.id, id)).limit(1))[0];
}

export async function findMembership(db: Db, negotiationId: string, userId: string): Promise<Membership | null> {
  const [row] = await db
    .select({ side: participants.side, role: participants.role })
    .from(participants)
    .where(and(eq(participants.negotiationId, negotiationId), eq(participants.userId, userId)))
    .limit(1);
  return row ?? null;
}

/** The negotiations a user takes part in, newest first, with the user's own side and role. */
export async function listNegotiationsOf(db: Db, userId: string) {
  return await db
    .select({ negotiation: negotiations, side: participants.side, role: participants.role })
    .from(participants)
    .innerJoin(negotiations, eq(negotiations.id, participants.negotiationId))
    .where(eq(participants.userId, userId))
    .orderBy(asc(negotiations.createdAt));
}

export async function listParticipants(db: Db, negotiationId: string) {
  return await db
    .select({
      id: participants.id,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      organisationId: users.organisationId,
      side: participants.side,
      role: participants.role,
      outsideExpert: participants.outsideExpert,
    })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .where(eq(participants.negotiationId, negotiationId))
    .orderBy(asc(participants.createdAt));
}

export async function organisationsById(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, typeof organisations.$inferSelect>();
  const rows = await db.select().from(organisations).where(inArray(organisations.id, ids));
  return new Map(rows.map((o) => [o.id, o]));
}

/** The kind of a user's organisation (union, enterprise, assembly, authority), or null without one. */
export async function organisationKindOf(db: Db, organisationId: string | null): Promise<string | null> {
  if (!organisationId) return null;
  return (await db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId)).limit(1))[0]?.kind ?? null;
}
