import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { minimumWageRounds, negotiations } from "../schema";
import type { WageRound } from "~/shared/evidence/floorsInForce";

/** Every minimum-wage round ever entered, by area then effective date, money in 元. */
export async function listMinimumWageRounds(db: Db): Promise<(WageRound & { origin: "dataset" | "admin" })[]> {
  const rows = await db.select().from(minimumWageRounds).orderBy(asc(minimumWageRounds.area), asc(minimumWageRounds.effectiveFrom));
  return rows.map((row) => ({
      area: row.area,
      monthly: row.monthlyFen / 100,
      hourly: row.hourlyFen / 100,
      effectiveFrom: row.effectiveFrom,
      source: row.source,
      confirmed: row.confirmed,
      origin: row.origin,
    }));
}

export async function negotiationWageArea(db: Db, negotiationId: string): Promise<string | null> {
  return (await db.select({ area: negotiations.minimumWageArea }).from(negotiations).where(eq(negotiations.id, negotiationId)).limit(1))[0]?.area ?? null;
}
