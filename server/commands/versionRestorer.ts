import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findNegotiation } from "../../db/queries/negotiations";
import { findVersion } from "../../db/queries/versions";
import { applyAgreement, readAgreement } from "../../shared/collab/docShape";
import type { CollabService } from "../collab/service";
import type { Side } from "../../shared/roles";
import { contentHash } from "../versions/contentHash";
import { contentLimitRefusal, refusalMessage } from "../../shared/collab/contentLimits";
import { done, refuse, type CommandResult } from "./commandResult";
import { saveVersion } from "./versionSaver";

export type RestoredVersion = { versionId: string; label: string; contentHash: string; undoVersionId: string | null };

/** The label of the version saved automatically just before a restore, so the restore can be undone. */
export const BEFORE_RESTORE_LABEL = "恢复前的实时草稿";

/**
 * Brings the live draft back to a saved version's content as one ordinary change through the
 * collaboration pipeline (stored, relayed to everyone connected, attributed to the user), then
 * records it in the audit chain. Only the differences are written, so untouched clauses keep
 * their identity and everyone's cursors. The caller has checked `edit` (which refuses a locked draft).
 */
export async function restoreVersion(
  db: Db,
  collab: CollabService,
  input: { negotiationId: string; versionId: string; userId: string; side: Side },
): Promise<CommandResult<RestoredVersion>> {
  const version = findVersion(db, input.negotiationId, input.versionId);
  if (!version) return refuse("not_found", { key: "version.notFound" }, "versionId");
  // A version stored before the live draft had limits may be over them: it is not brought back (C-15).
  const over = contentLimitRefusal(version.agreement);
  if (over) return refuse("too_large", { key: "version.overLimits", params: { limit: refusalMessage(over) } }, "versionId");
  let restoredHash = "";
  let undoVersionId: string | null = null;
  let locked = false;
  await collab.change(input.negotiationId, { userId: input.userId, label: "restore" }, (doc) => {
    // Re-read after the await: the last signature may have locked the agreement meanwhile.
    if (findNegotiation(db, input.negotiationId)?.lockedAt != null) {
      locked = true;
      return;
    }
    // The draft as it stood is kept as a version first: restoring that version undoes this restore.
    // A draft over the limits (edited before they existed) is not stored as a version (V-3).
    const before = readAgreement(doc);
    if (contentHash(before) !== version.contentHash && !contentLimitRefusal(before)) {
      undoVersionId = saveVersion(db, { negotiationId: input.negotiationId, label: BEFORE_RESTORE_LABEL, side: input.side, kind: "milestone", createdBy: input.userId, content: before }).id;
    }
    applyAgreement(doc, version.agreement, null);
    restoredHash = contentHash(readAgreement(doc));
  });
  if (locked) return refuse("locked", { key: "version.locked" }, "versionId");
  appendAudit(db, {
    negotiationId: input.negotiationId,
    actorId: input.userId,
    action: "version.restored",
    detail: { versionId: version.id, seq: version.seq, label: version.label, contentHash: version.contentHash, liveHashAfter: restoredHash },
  });
  return done({ versionId: version.id, label: version.label, contentHash: restoredHash, undoVersionId });
}
