import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { minimumWageRounds, negotiations } from "../schema";
import type { WageRound } from "../../shared/evidence/floorsInForce";

/** Every minimum-wage round ever entered, by area then effective date, money in 元. */
export function listMinimumWageRounds(db: Db): (WageRound & { origin: "dataset" | "admin" })[] {
  return db
    .select()
    .from(minimumWageRounds)
    .orderBy(asc(minimumWageRounds.area), asc(minimumWageRounds.effectiveFrom))
    .all()
    .map((row) => ({
      area: row.area,
      monthly: row.monthlyFen / 100,
      hourly: row.hourlyFen / 100,
      effectiveFrom: row.effectiveFrom,
      source: row.source,
      confirmed: row.confirmed,
      origin: row.origin,
    }));
}

export function negotiationWageArea(db: Db, negotiationId: string): string | null {
  return db.select({ area: negotiations.minimumWageArea }).from(negotiations).where(eq(negotiations.id, negotiationId)).get()?.area ?? null;
}
