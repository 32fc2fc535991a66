import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findNegotiation } from "../../db/queries/negotiations";
import { findCaucusDraft, lastRoundNumber, recordCaucusBase } from "../../db/queries/rounds";
import { caucusDocumentName } from "../../shared/collab/documentName";
import { readSnapshot, snapshotContent, writeSnapshot } from "../../shared/rounds/draftSnapshot";
import type { CollabService } from "../collab/service";
import { canManageCaucusDraft, caucusSideOf } from "../policies/caucusDraft";
import { contentHash } from "../versions/contentHash";
import { done, refuse, type CommandResult } from "./commandResult";
import type { TablingActor } from "./roundTabler";

/**
 * the side's chief brings the private draft back to the live draft as it stands — one change
 * through the collaboration pipeline, seen at once by the side's connected editors — and the
 * live draft becomes its new base. Audited without any text: only the side and the base's hash.
 */
export async function resetCaucusDraft(ctx: { db: Db; collab: CollabService }, actor: TablingActor): Promise<CommandResult<{ baseHash: string }>> {
  const { db, collab } = ctx;
  const negotiationId = actor.negotiation.id;
  const side = caucusSideOf(actor.membership);
  if (!side) return refuse("forbidden", { key: "caucusDraft.observer" });
  return collab.withDocuments([caucusDocumentName(negotiationId, side), negotiationId], ([caucusDoc, liveDoc]) => {
    const negotiation = findNegotiation(db, negotiationId)!;
    const facts = { locked: negotiation.lockedAt !== null, mode: negotiation.mode, representativesMayTable: findCaucusDraft(db, negotiationId, side)?.representativesMayTable ?? false };
    if (facts.locked) return refuse("locked", { key: "version.locked" });
    if (!canManageCaucusDraft(actor.membership, side, facts)) return refuse("forbidden", { key: "caucusDraft.resetForbidden" });
    const live = readSnapshot(liveDoc!);
    const baseHash = contentHash(snapshotContent(live));
    const now = Date.now();
    db.transaction((tx) => {
      const last = lastRoundNumber(tx, negotiationId);
      recordCaucusBase(tx, { negotiationId, side, base: live, baseHash, baseRound: last > 0 ? last : null, copiedBy: actor.userId, at: now });
      appendAudit(tx, { negotiationId, actorId: actor.userId, action: "caucus_draft.reset", detail: { side, baseHash } }, now);
    });
    caucusDoc!.transact(() => writeSnapshot(caucusDoc!, live), { userId: actor.userId, label: "caucus.reset" });
    return done({ baseHash });
  });
}
