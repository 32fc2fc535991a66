import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { minimumWageRounds, negotiations } from "../../db/schema";
import { citation, FLOORS, type FloorsDataset } from "../../shared/evidence/dataset";
import { knownAreas } from "../../shared/evidence/floorsInForce";
import { listMinimumWageRounds } from "../../db/queries/minimumWages";
import type { NewMinimumWageRound } from "../../shared/schemas/evidence";
import { done, refuse, type CommandResult } from "./commandResult";

const toFen = (yuan: number) => Math.round(yuan * 100);

/**
 * Loads the dataset's rounds into the database at start: a round already there (same area and
 * effective date) is left as it is, so neither a restart nor a new dataset overwrites a round.
 */
export function loadMinimumWageDataset(db: Db, dataset: FloorsDataset = FLOORS): number {
  let added = 0;
  db.transaction((tx) => {
    for (const round of dataset.minimumWages) {
      const result = tx
        .insert(minimumWageRounds)
        .values({ area: round.area, monthlyFen: toFen(round.monthly), hourlyFen: toFen(round.hourly), effectiveFrom: round.effectiveFrom, source: citation(round.source), confirmed: round.confirmed, origin: "dataset" })
        .onConflictDoNothing()
        .run();
      added += result.changes;
    }
  });
  return added;
}

/** An administrator adds a round (EV-2): validated by the form's schema, audited, never over an existing one. */
export function recordMinimumWageRound(db: Db, actorId: string, input: NewMinimumWageRound): CommandResult<{ area: string }> {
  const area = `${input.province}·${input.tier}`;
  const existing = db
    .select({ id: minimumWageRounds.id })
    .from(minimumWageRounds)
    .where(and(eq(minimumWageRounds.area, area), eq(minimumWageRounds.effectiveFrom, input.effectiveFrom)))
    .get();
  if (existing) return refuse("round_exists", { key: "minimumWage.roundExists", params: { area, effectiveFrom: input.effectiveFrom } }, "effectiveFrom");
  db.transaction((tx) => {
    tx.insert(minimumWageRounds)
      .values({ area, monthlyFen: toFen(input.monthly), hourlyFen: toFen(input.hourly), effectiveFrom: input.effectiveFrom, source: input.source, confirmed: input.confirmed, origin: "admin", createdBy: actorId })
      .run();
    appendAudit(tx, { negotiationId: null, actorId, action: "minimum_wage.added", detail: { area, monthly: input.monthly, hourly: input.hourly, effectiveFrom: input.effectiveFrom, source: input.source, confirmed: input.confirmed } });
  });
  return done({ area });
}

/** A chief sets the negotiation's minimum-wage area (EV-9); the policy was asked by the caller. */
export function setNegotiationWageArea(db: Db, actorId: string, negotiationId: string, area: string): CommandResult<{ area: string }> {
  if (!knownAreas(listMinimumWageRounds(db)).includes(area)) return refuse("unknown_area", { key: "minimumWage.unknownArea", params: { area } }, "area");
  const current = db.select({ area: negotiations.minimumWageArea }).from(negotiations).where(eq(negotiations.id, negotiationId)).get();
  if (!current) return refuse("not_found", { key: "request.noSuchNegotiation" });
  if (current.area === area) return done({ area });
  db.transaction((tx) => {
    tx.update(negotiations).set({ minimumWageArea: area }).where(eq(negotiations.id, negotiationId)).run();
    appendAudit(tx, { negotiationId, actorId, action: "negotiation.wage_area_changed", detail: { from: current.area, to: area } });
  });
  return done({ area });
}
