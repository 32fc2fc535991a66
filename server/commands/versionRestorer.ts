import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findNegotiation } from "~/db/queries/negotiations";
import { findVersion } from "~/db/queries/versions";
import { applyAgreement, readAgreement } from "~/shared/collab/docShape";
import { contentHash } from "../versions/contentHash";
import { contentLimitRefusal, refusalMessage } from "~/shared/collab/contentLimits";
import type { Actor, CommandContext } from "./commandContext";
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
 * The document is held (no client update applied) while the write, under the negotiation's lock,
 * checks the lock, keeps the draft as it stood, changes it and audits the restore.
 */
export async function restoreVersion(
  ctx: Pick<CommandContext, "driver" | "collab">,
  actor: Pick<Actor, "negotiationId" | "userId" | "membership">,
  { versionId }: { versionId: string },
): Promise<CommandResult<RestoredVersion>> {
  const { driver, collab } = ctx;
  const input = { negotiationId: actor.negotiationId, versionId, userId: actor.userId, side: actor.membership.side };
  const version = await findVersion(driver.db, input.negotiationId, input.versionId);
  if (!version) return refuse("not_found", { key: "version.notFound" }, "versionId");
  // A version stored before the live draft had limits may be over them: it is not brought back (C-15).
  const over = contentLimitRefusal(version.agreement);
  if (over) return refuse("too_large", { key: "version.overLimits", params: { limit: refusalMessage(over) } }, "versionId");
  const restored = await collab.withDocument(input.negotiationId, async (doc) =>
    driver.write(async (tx): Promise<{ locked: true } | { locked: false; restoredHash: string; undoVersionId: string | null }> => {
      await lock(tx, lockKeys.negotiation(input.negotiationId));
      // Re-read after the await: the last signature may have locked the agreement meanwhile.
      if ((await findNegotiation(tx, input.negotiationId))?.lockedAt != null) return { locked: true };
      // The draft as it stood is kept as a version first: restoring that version undoes this restore.
      // A draft over the limits (edited before they existed) is not stored as a version (V-3).
      const before = readAgreement(doc);
      let undoVersionId: string | null = null;
      if (contentHash(before) !== version.contentHash && !contentLimitRefusal(before)) {
        undoVersionId = (await saveVersion(tx, { negotiationId: input.negotiationId, label: BEFORE_RESTORE_LABEL, side: input.side, kind: "milestone", createdBy: input.userId, content: before })).id;
      }
      // The change itself, as collab.change makes it: one transaction on the document, attributed to the user.
      doc.transact(() => applyAgreement(doc, version.agreement, null), { userId: input.userId, label: "restore" });
      const restoredHash = contentHash(readAgreement(doc));
      await appendAudit(tx, {
        negotiationId: input.negotiationId,
        actorId: input.userId,
        action: "version.restored",
        detail: { versionId: version.id, seq: version.seq, label: version.label, contentHash: version.contentHash, liveHashAfter: restoredHash },
      });
      return { locked: false, restoredHash, undoVersionId };
    }),
  );
  if (restored.locked) return refuse("locked", { key: "version.locked" }, "versionId");
  return done({ versionId: version.id, label: version.label, contentHash: restored.restoredHash, undoVersionId: restored.undoVersionId });
}
