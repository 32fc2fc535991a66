import { and, asc, eq, max } from "drizzle-orm";
import type { CaucusSide } from "~/shared/collab/documentName";
import type { DraftSnapshot } from "~/shared/rounds/draftSnapshot";
import type { Db } from "../client";
import { caucusDrafts, rounds, users, versions } from "../schema";

export type CaucusDraftRow = typeof caucusDrafts.$inferSelect;

/**
 * 内部草案 bookkeeping: the base a side's private draft was copied from and its tabling setting.
 * The side always comes from the policy module (`caucusSideOf`), never from the request. The base
 * is a copy of the live draft or of a tabled round — text everyone at the table has seen.
 */
export async function findCaucusDraft(db: Db, negotiationId: string, side: CaucusSide): Promise<CaucusDraftRow | undefined> {
  return (await db.select().from(caucusDrafts).where(and(eq(caucusDrafts.negotiationId, negotiationId), eq(caucusDrafts.side, side))).limit(1))[0];
}

export function caucusBase(row: CaucusDraftRow | undefined): DraftSnapshot | null {
  return row?.baseContent ? (JSON.parse(row.baseContent) as DraftSnapshot) : null;
}

/** Records what the private draft now starts from (first open, reset, or after tabling). */
export async function recordCaucusBase(db: Db, input: { negotiationId: string; side: CaucusSide; base: DraftSnapshot; baseHash: string; baseRound: number | null; copiedBy: string | null; at: number }): Promise<void> {
  const values = { baseContent: JSON.stringify(input.base), baseHash: input.baseHash, baseRound: input.baseRound, copiedAt: input.at, copiedBy: input.copiedBy, updatedAt: input.at };
  await db
    .insert(caucusDrafts)
    .values({ negotiationId: input.negotiationId, side: input.side, ...values })
    .onConflictDoUpdate({ target: [caucusDrafts.negotiationId, caucusDrafts.side], set: values });
}

export async function setRepresentativesMayTable(db: Db, input: { negotiationId: string; side: CaucusSide; allowed: boolean; at: number }): Promise<void> {
  await db
    .insert(caucusDrafts)
    .values({ negotiationId: input.negotiationId, side: input.side, representativesMayTable: input.allowed, updatedAt: input.at })
    .onConflictDoUpdate({ target: [caucusDrafts.negotiationId, caucusDrafts.side], set: { representativesMayTable: input.allowed, updatedAt: input.at } });
}

/** The tabled rounds of a negotiation, oldest first, with who tabled them and the round's version. */
export async function listRounds(db: Db, negotiationId: string) {
  return await db
    .select({
      id: rounds.id,
      round: rounds.round,
      side: rounds.side,
      versionId: rounds.versionId,
      versionLabel: versions.label,
      contentHash: versions.contentHash,
      tabledAt: rounds.tabledAt,
      tabledBy: rounds.tabledBy,
      tabledByName: users.displayName,
      tabledByUsername: users.username,
      changedClauses: rounds.changedClauses,
    })
    .from(rounds)
    .innerJoin(users, eq(users.id, rounds.tabledBy))
    .innerJoin(versions, eq(versions.id, rounds.versionId))
    .where(eq(rounds.negotiationId, negotiationId))
    .orderBy(asc(rounds.round));
}

export type RoundListing = Awaited<ReturnType<typeof listRounds>>[number];

export async function lastRoundNumber(db: Db, negotiationId: string): Promise<number> {
  return (await db.select({ n: max(rounds.round) }).from(rounds).where(eq(rounds.negotiationId, negotiationId)))[0]?.n ?? 0;
}

/** Rounds are insert-only: this is the only write to the table. */
export async function insertRound(db: Db, row: typeof rounds.$inferInsert): Promise<void> {
  await db.insert(rounds).values(row);
}
