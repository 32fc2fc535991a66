import { eq } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { negotiations } from "~/db/schema";
import type { CoverageForm } from "~/shared/schemas/ledger";
import { chinaToday, toDayNumber } from "~/shared/rules/deadlines";
import { can, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

/**
 * 覆盖范围 (docs/SPEC.md L-6): a chief records how many enterprises and workers the agreement
 * covers and the day of the last algorithm-rules consultation. Audited with the figures before
 * and after, so a report of a past period reads the coverage as it was then (L-8).
 */
export async function updateCoverage(ctx: Pick<CommandContext, "driver" | "clock">, actor: Pick<Actor, "negotiation" | "userId" | "membership">, input: CoverageForm): Promise<CommandResult<CoverageForm>> {
  const { driver } = ctx;
  const { negotiation } = actor;
  const now = new Date(ctx.clock());
  if (!can(actor.membership, "updateCoverage", negotiationFacts(negotiation))) return refuse("forbidden", { key: "coverage.forbidden" });
  if (input.algorithmConsultedOn !== null && toDayNumber(input.algorithmConsultedOn) > toDayNumber(chinaToday(now))) {
    return refuse("in_future", { key: "coverage.inFuture" }, "algorithmConsultedOn");
  }
  await driver.write(async (tx) => {
    // "Before" is the row as it stands under the negotiation's lock, not as the request loaded it.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    const current = (await findNegotiation(tx, negotiation.id)) ?? negotiation;
    const before = { enterprises: current.coverageEnterprises, workers: current.coverageWorkers, algorithmConsultedOn: current.algorithmConsultedOn };
    await tx
      .update(negotiations)
      .set({ coverageEnterprises: input.enterprises, coverageWorkers: input.workers, algorithmConsultedOn: input.algorithmConsultedOn })
      .where(eq(negotiations.id, negotiation.id));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "coverage.updated", detail: { ...input, before } }, now.getTime());
  });
  return done(input);
}
