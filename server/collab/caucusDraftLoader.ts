import * as Y from "yjs";
import type { Driver } from "~/db/driver";
import { lastRoundNumber, recordCaucusBase } from "~/db/queries/rounds";
import { readSnapshot, snapshotContent, writeSnapshot, type DraftSnapshot } from "~/shared/rounds/draftSnapshot";
import { contentHash } from "../versions/contentHash";
import type { DocPersistence } from "./persistence";
import type { DocumentRegistry } from "./registry";
import type { ChangeOrigin, SharedDocument } from "./sharedDocument";

/** The origin of the copy a private draft starts as: a server-side change like seed or restore (C-9). */
export const CAUCUS_COPY_ORIGIN: ChangeOrigin = { userId: null, label: "caucus.copy" };

/**
 * The live draft as it stands: from memory when it is loaded, otherwise from storage (after the
 * pending group commit, so storage holds everything any loaded document has accepted).
 */
export async function liveSnapshot(registry: DocumentRegistry, persistence: DocPersistence, negotiationId: string): Promise<DraftSnapshot> {
  const loaded = registry.loaded(negotiationId);
  if (loaded) return readSnapshot(loaded.doc);
  await persistence.flush();
  const since = registry.loaded(negotiationId); // loaded while the commit ran: memory is the newer
  if (since) return readSnapshot(since.doc);
  const doc = new Y.Doc();
  try {
    await persistence.load(negotiationId, doc, null);
    return readSnapshot(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * a side's private draft that has never been stored starts, when it is first loaded, as an
 * exact copy of the live draft (positions included), written through the same pipeline as any
 * edit; the copy becomes the base its changes are measured against when the side tables it.
 */
export async function startCaucusDraft(driver: Driver, shared: SharedDocument, live: () => Promise<DraftSnapshot>): Promise<void> {
  if (shared.draft === "live" || shared.doc.store.clients.size > 0) return;
  const side = shared.draft;
  const base = await live();
  // The base is recorded before the copy is made: the document is handed out only after both.
  await driver.write(async (tx) => {
    const last = await lastRoundNumber(tx, shared.negotiationId);
    await recordCaucusBase(tx, {
      negotiationId: shared.negotiationId,
      side,
      base,
      baseHash: contentHash(snapshotContent(base)),
      baseRound: last > 0 ? last : null,
      copiedBy: null,
      at: Date.now(),
    });
  });
  shared.doc.transact(() => writeSnapshot(shared.doc, base), CAUCUS_COPY_ORIGIN);
}
