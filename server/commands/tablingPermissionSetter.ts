import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { setRepresentativesMayTable } from "~/db/queries/rounds";
import { can, caucusSideOf, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

/** the chief allows (or stops) the side's representatives tabling its private draft. Audited. */
export async function setTablingPermission(
  ctx: Pick<CommandContext, "driver" | "clock">,
  actor: Pick<Actor, "negotiationId" | "userId" | "membership">,
  { allowed }: { allowed: boolean },
): Promise<CommandResult> {
  const side = caucusSideOf(actor.membership);
  if (!side) return refuse("forbidden", { key: "caucusDraft.permissionForbidden" });
  return ctx.driver.write(async (tx): Promise<CommandResult> => {
    // Judged under the negotiation's lock, as tabling reads the setting under it.
    await lock(tx, lockKeys.negotiation(actor.negotiationId));
    const negotiation = await findNegotiation(tx, actor.negotiationId);
    if (!negotiation) return refuse("forbidden", { key: "caucusDraft.permissionForbidden" });
    if (!can(actor.membership, "manageCaucusDraft", negotiationFacts(negotiation), { side })) return refuse("forbidden", { key: "caucusDraft.permissionForbidden" });
    const now = ctx.clock();
    await setRepresentativesMayTable(tx, { negotiationId: actor.negotiationId, side, allowed, at: now });
    await appendAudit(tx, { negotiationId: actor.negotiationId, actorId: actor.userId, action: "caucus_draft.tabling_permission", detail: { side, representativesMayTable: allowed } }, now);
    return done(null);
  });
}
