import { and, eq, isNull } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { findDelegation, organisationTree } from "~/db/queries/signing";
import { delegations } from "~/db/schema";
import { delegationUsable } from "~/shared/rules/delegation";
import type { ScanMime } from "~/shared/schemas/signing";
import { newId } from "../ids";
import { can, negotiationFacts } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

export interface DelegationInput {
  kind: "represent" | "participate";
  fromOrgId: string;
  toOrgId: string;
  letterNo: string;
  validFrom: string;
  validTo: string;
}

type Registrar = Pick<Actor, "negotiation" | "userId" | "membership">;
type DelegationContext = Pick<CommandContext, "driver" | "events" | "clock">;

/**
 * 委托 (docs/SPEC.md S-1): registers a delegation after checking it with the delegation rules as on
 * its first day — scope (this negotiation, its bargaining union), the organisations, and the
 * direction in the union tree — and records it in the audit chain. The scan is kept as given,
 * its type already told by its content. The signing page is told.
 */
export async function registerDelegation(
  ctx: DelegationContext,
  actor: Registrar,
  { scan, ...input }: DelegationInput & { scan: { bytes: Buffer; mime: ScanMime } | null },
): Promise<CommandResult<{ id: string }>> {
  const { driver } = ctx;
  const { negotiation } = actor;
  if (negotiation.lockedAt !== null) return refuse("locked", { key: "delegation.locked" });
  if (!can(actor.membership, "manageDelegations", negotiationFacts(negotiation))) return refuse("forbidden", { key: "delegation.forbidden" });
  if (negotiation.mode === "standard") return refuse("mode_mismatch", { key: "delegation.standardMode" }, "kind");
  if (input.kind !== negotiation.mode) {
    return refuse("mode_mismatch", { key: negotiation.mode === "represent" ? "delegation.kindRepresent" : "delegation.kindParticipate" }, "kind");
  }
  const check = delegationUsable(
    { ...input, negotiationId: negotiation.id, revokedAt: null },
    { tree: await organisationTree(driver.db), negotiationId: negotiation.id, on: input.validFrom, bargainingUnionId: negotiation.unionOrgId },
  );
  if (!check.ok) {
    const field = check.code === "invalid_period" ? "validTo" : check.code === "delegate_not_union" || check.code === "wrong_direction" ? "toOrgId" : "fromOrgId";
    // The same checks refuse a signature as a matter of authority; here they are a form to correct.
    return refuse(check.code, check.text, field, "invalid");
  }
  const id = newId("dlg");
  const now = ctx.clock();
  const result = await driver.write(async (tx): Promise<CommandResult<{ id: string }>> => {
    // Checked again under the negotiation's lock: the last signature may have locked it meanwhile.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    if ((await findNegotiation(tx, negotiation.id))?.lockedAt != null) return refuse("locked", { key: "delegation.locked" });
    await tx
      .insert(delegations)
      .values({ id, negotiationId: negotiation.id, ...input, scan: scan?.bytes ?? null, scanMime: scan?.mime ?? null, registeredBy: actor.userId, createdAt: now });
    await appendAudit(tx, {
      negotiationId: negotiation.id,
      actorId: actor.userId,
      action: "delegation.registered",
      detail: { delegationId: id, ...input, scan: scan ? { mime: scan.mime, bytes: scan.bytes.length } : null },
    }, now);
    return done({ id });
  });
  if (result.ok) ctx.events.publish(negotiation.id, { kind: "signing" });
  return result;
}

/** Revokes a delegation with a reason; the row stays, marked revoked from today. The signing page is told. */
export async function revokeDelegation(ctx: DelegationContext, actor: Registrar, input: { delegationId: string; reason: string }): Promise<CommandResult> {
  const { driver } = ctx;
  const { negotiation } = actor;
  if (negotiation.lockedAt !== null) return refuse("locked", { key: "delegation.locked" });
  if (!can(actor.membership, "manageDelegations", negotiationFacts(negotiation))) return refuse("forbidden", { key: "delegation.forbidden" });
  const result = await driver.write(async (tx): Promise<CommandResult> => {
    // Read under the negotiation's lock: a revocation racing a signature (or another revocation) sees its result.
    await lock(tx, lockKeys.negotiation(negotiation.id));
    if ((await findNegotiation(tx, negotiation.id))?.lockedAt != null) return refuse("locked", { key: "delegation.locked" });
    const delegation = await findDelegation(tx, negotiation.id, input.delegationId);
    if (!delegation) return refuse("not_found", { key: "delegation.notFound" });
    if (delegation.revokedAt !== null) return refuse("already_revoked", { key: "delegation.alreadyRevoked" });
    const now = ctx.clock();
    await tx
      .update(delegations)
      .set({ revokedAt: now, revokedBy: actor.userId, revokeReason: input.reason })
      .where(and(eq(delegations.id, delegation.id), isNull(delegations.revokedAt)));
    await appendAudit(tx, { negotiationId: negotiation.id, actorId: actor.userId, action: "delegation.revoked", detail: { delegationId: delegation.id, letterNo: delegation.letterNo, reason: input.reason } }, now);
    return done(null);
  });
  if (result.ok) ctx.events.publish(negotiation.id, { kind: "signing" });
  return result;
}
