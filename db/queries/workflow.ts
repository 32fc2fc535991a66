import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { clauseStates, tentativeAgreements } from "../schema";

export type TentativeAgreementRow = typeof tentativeAgreements.$inferSelect;
export type ClauseStateRow = typeof clauseStates.$inferSelect;

/** The live (not voided) tentative agreement of each clause: proposed by one side, or confirmed by both. */
export async function liveTentativeAgreements(db: Db, negotiationId: string): Promise<Map<string, TentativeAgreementRow>> {
  const rows = await db
    .select()
    .from(tentativeAgreements)
    .where(and(eq(tentativeAgreements.negotiationId, negotiationId), isNull(tentativeAgreements.voidedAt)))
    .orderBy(desc(tentativeAgreements.createdAt));
  const byClause = new Map<string, TentativeAgreementRow>();
  for (const row of rows) if (!byClause.has(row.clauseId)) byClause.set(row.clauseId, row);
  return byClause;
}

/** The most recent tentative agreement of each clause, voided or not. */
export async function latestTentativeAgreements(db: Db, negotiationId: string): Promise<Map<string, TentativeAgreementRow>> {
  const rows = await db.select().from(tentativeAgreements).where(eq(tentativeAgreements.negotiationId, negotiationId)).orderBy(desc(tentativeAgreements.createdAt));
  const byClause = new Map<string, TentativeAgreementRow>();
  for (const row of rows) if (!byClause.has(row.clauseId)) byClause.set(row.clauseId, row);
  return byClause;
}

export async function clauseStateRows(db: Db, negotiationId: string): Promise<Map<string, ClauseStateRow>> {
  const rows = await db.select().from(clauseStates).where(eq(clauseStates.negotiationId, negotiationId));
  return new Map(rows.map((r) => [r.clauseId, r]));
}

/** Records a clause's status; a null `proposedBySide` keeps the side already recorded. */
export async function upsertClauseState(db: Db, row: typeof clauseStates.$inferInsert): Promise<void> {
  await db
    .insert(clauseStates)
    .values(row)
    .onConflictDoUpdate({
      target: [clauseStates.negotiationId, clauseStates.clauseId],
      set: {
        status: row.status,
        proposedBySide: sql`coalesce(excluded.proposed_by_side, ${clauseStates.proposedBySide})`,
        updatedBy: row.updatedBy,
        updatedAt: row.updatedAt,
      },
    });
}

/** Every tentative agreement of a negotiation, voided or not, in no particular order (the meetings page dates them). */
export async function tentativeAgreementsOf(db: Db, negotiationId: string): Promise<TentativeAgreementRow[]> {
  return await db.select().from(tentativeAgreements).where(eq(tentativeAgreements.negotiationId, negotiationId));
}
