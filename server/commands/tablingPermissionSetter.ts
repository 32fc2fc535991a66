import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findNegotiation } from "../../db/queries/negotiations";
import { setRepresentativesMayTable } from "../../db/queries/rounds";
import { canManageCaucusDraft, caucusSideOf } from "../policies/caucusDraft";
import type { Membership } from "../policies/negotiation";
import { done, refuse, type CommandResult } from "./commandResult";

/** the chief allows (or stops) the side's representatives tabling its private draft. Audited. */
export function setTablingPermission(db: Db, actor: { negotiationId: string; userId: string; membership: Membership }, allowed: boolean): CommandResult {
  const side = caucusSideOf(actor.membership);
  const negotiation = findNegotiation(db, actor.negotiationId);
  if (!side || !negotiation) return refuse("forbidden", { key: "caucusDraft.permissionForbidden" });
  const facts = { locked: negotiation.lockedAt !== null, mode: negotiation.mode, representativesMayTable: false };
  if (!canManageCaucusDraft(actor.membership, side, facts)) return refuse("forbidden", { key: "caucusDraft.permissionForbidden" });
  const now = Date.now();
  db.transaction((tx) => {
    setRepresentativesMayTable(tx, { negotiationId: actor.negotiationId, side, allowed, at: now });
    appendAudit(tx, { negotiationId: actor.negotiationId, actorId: actor.userId, action: "caucus_draft.tabling_permission", detail: { side, representativesMayTable: allowed } }, now);
  });
  return done(null);
}
