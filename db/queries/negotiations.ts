import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../client";
import { negotiations, organisations, participants, users } from "../schema";
import type { Membership } from "../../shared/roles";

export type NegotiationRow = typeof negotiations.$inferSelect;

export function findNegotiation(db: Db, id: string): NegotiationRow | undefined {
  return db.select().from(negotiations).where(eq(negotiations.id, id)).get();
}

export function findMembership(db: Db, negotiationId: string, userId: string): Membership | null {
  const row = db
    .select({ side: participants.side, role: participants.role })
    .from(participants)
    .where(and(eq(participants.negotiationId, negotiationId), eq(participants.userId, userId)))
    .get();
  return row ?? null;
}

/** The negotiations a user takes part in, newest first, with the user's own side and role. */
export function listNegotiationsOf(db: Db, userId: string) {
  return db
    .select({ negotiation: negotiations, side: participants.side, role: participants.role })
    .from(participants)
    .innerJoin(negotiations, eq(negotiations.id, participants.negotiationId))
    .where(eq(participants.userId, userId))
    .orderBy(asc(negotiations.createdAt))
    .all();
}

export function listParticipants(db: Db, negotiationId: string) {
  return db
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
    .orderBy(asc(participants.createdAt))
    .all();
}

export function organisationsById(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, typeof organisations.$inferSelect>();
  const rows = db.select().from(organisations).where(inArray(organisations.id, ids)).all();
  return new Map(rows.map((o) => [o.id, o]));
}

/** The kind of a user's organisation (union, enterprise, assembly, authority), or null without one. */
export function organisationKindOf(db: Db, organisationId: string | null): string | null {
  if (!organisationId) return null;
  return db.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, organisationId)).get()?.kind ?? null;
}
