import { and, eq } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys, type Driver } from "~/db/driver";
import { lock } from "~/db/locks";
import { minimumWageRounds, negotiations } from "~/db/schema";
import { citation, FLOORS, type FloorsDataset } from "~/shared/evidence/dataset";
import { knownAreas } from "~/shared/evidence/floorsInForce";
import { listMinimumWageRounds } from "~/db/queries/minimumWages";
import type { NewMinimumWageRound } from "~/shared/schemas/evidence";
import type { Actor, AdminActor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

const toFen = (yuan: number) => Math.round(yuan * 100);

/**
 * Loads the dataset's rounds into the database at start: a round already there (same area and
 * effective date) is left as it is, so neither a restart nor a new dataset overwrites a round.
 */
export async function loadMinimumWageDataset(driver: Driver, dataset: FloorsDataset = FLOORS): Promise<number> {
  return driver.write(async (tx) => {
    let added = 0;
    for (const round of dataset.minimumWages) {
      // `returning` gives the rows inserted: none for a round already there.
      const inserted = await tx
        .insert(minimumWageRounds)
        .values({ area: round.area, monthlyFen: toFen(round.monthly), hourlyFen: toFen(round.hourly), effectiveFrom: round.effectiveFrom, source: citation(round.source), confirmed: round.confirmed, origin: "dataset" })
        .onConflictDoNothing()
        .returning({ id: minimumWageRounds.id });
      added += inserted.length;
    }
    return added;
  });
}

/** An administrator adds a round (EV-2): validated by the form's schema, audited, never over an existing one. */
export async function recordMinimumWageRound(ctx: Pick<CommandContext, "driver">, actor: AdminActor, input: NewMinimumWageRound): Promise<CommandResult<{ area: string }>> {
  const actorId = actor.id;
  const area = `${input.province}·${input.tier}`;
  return ctx.driver.write(async (tx): Promise<CommandResult<{ area: string }>> => {
    // Checked inside the write (two admins adding the same round at once still meet the table's unique area and date).
    const [existing] = await tx
      .select({ id: minimumWageRounds.id })
      .from(minimumWageRounds)
      .where(and(eq(minimumWageRounds.area, area), eq(minimumWageRounds.effectiveFrom, input.effectiveFrom)))
      .limit(1);
    if (existing) return refuse("round_exists", { key: "minimumWage.roundExists", params: { area, effectiveFrom: input.effectiveFrom } }, "effectiveFrom");
    await tx
      .insert(minimumWageRounds)
      .values({ area, monthlyFen: toFen(input.monthly), hourlyFen: toFen(input.hourly), effectiveFrom: input.effectiveFrom, source: input.source, confirmed: input.confirmed, origin: "admin", createdBy: actorId });
    await appendAudit(tx, { negotiationId: null, actorId, action: "minimum_wage.added", detail: { area, monthly: input.monthly, hourly: input.hourly, effectiveFrom: input.effectiveFrom, source: input.source, confirmed: input.confirmed } });
    return done({ area });
  });
}

/** A chief sets the negotiation's minimum-wage area (EV-9); the policy was asked by the caller. */
export async function setNegotiationWageArea(ctx: Pick<CommandContext, "driver">, actor: Pick<Actor, "userId" | "negotiationId">, { area }: { area: string }): Promise<CommandResult<{ area: string }>> {
  const { driver } = ctx;
  const { userId: actorId, negotiationId } = actor;
  if (!knownAreas(await listMinimumWageRounds(driver.db)).includes(area)) return refuse("unknown_area", { key: "minimumWage.unknownArea", params: { area } }, "area");
  return driver.write(async (tx): Promise<CommandResult<{ area: string }>> => {
    // The area it changes from is read under the negotiation's lock, as the audit records it.
    await lock(tx, lockKeys.negotiation(negotiationId));
    const [current] = await tx.select({ area: negotiations.minimumWageArea }).from(negotiations).where(eq(negotiations.id, negotiationId)).limit(1);
    if (!current) return refuse("not_found", { key: "request.noSuchNegotiation" });
    if (current.area === area) return done({ area });
    await tx.update(negotiations).set({ minimumWageArea: area }).where(eq(negotiations.id, negotiationId));
    await appendAudit(tx, { negotiationId, actorId, action: "negotiation.wage_area_changed", detail: { from: current.area, to: area } });
    return done({ area });
  });
}
