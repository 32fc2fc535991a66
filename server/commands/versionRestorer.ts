import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findVersion } from "../../db/queries/versions";
import { applyAgreement, readAgreement } from "../../shared/collab/docShape";
import type { CollabService } from "../collab/service";
import { contentHash } from "../versions/contentHash";

export type RestoreResult = { ok: true; versionId: string; label: string; contentHash: string } | { ok: false; code: "not_found" };

/**
 * Brings the live draft back to a saved version's content as one ordinary change through the
 * collaboration pipeline (stored, relayed to everyone connected, attributed to the user), then
 * records it in the audit chain. Only the differences are written, so untouched clauses keep
 * their identity and everyone's cursors. The caller has checked `edit` (which refuses a locked draft).
 */
export async function restoreVersion(db: Db, collab: CollabService, input: { negotiationId: string; versionId: string; userId: string }): Promise<RestoreResult> {
  const version = findVersion(db, input.negotiationId, input.versionId);
  if (!version) return { ok: false, code: "not_found" };
  let restoredHash = "";
  await collab.change(input.negotiationId, { userId: input.userId, label: "restore" }, (doc) => {
    applyAgreement(doc, version.agreement, null);
    restoredHash = contentHash(readAgreement(doc));
  });
  appendAudit(db, {
    negotiationId: input.negotiationId,
    actorId: input.userId,
    action: "version.restored",
    detail: { versionId: version.id, seq: version.seq, label: version.label, contentHash: version.contentHash, liveHashAfter: restoredHash },
  });
  return { ok: true, versionId: version.id, label: version.label, contentHash: restoredHash };
}
