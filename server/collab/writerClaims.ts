import type { Driver } from "~/db/driver";
import { findDocWriters, insertDocWriter } from "~/db/queries/docWriters";
import type { ClusterBus } from "../cluster/bus";
import type { SharedDocument } from "./sharedDocument";

/**
 * Keeps a document's writer claims (SPEC C-13) beyond its time in memory: the claims stored for it
 * are restored when it loads, and each new one is stored. Without this, after an unload or a
 * restart the first editor to write under an id would own it, and could take a returning tab's
 * id (its offline edits then refused) before that tab reconnects. Each stored claim is then told to
 * the other nodes holding the document (ADR 027), which hold it from then on too.
 */
export async function keepWriterClaims(shared: SharedDocument, driver: Driver, relay?: Pick<ClusterBus, "publishClaim">): Promise<void> {
  for (const { clientId, userId } of await findDocWriters(driver.db, shared.key)) if (!shared.writers.has(clientId)) shared.writers.set(clientId, userId);
  shared.onWriterClaimed = (clientId, userId) => {
    // The claim holds in memory at once; a failed write only shortens its life to this load.
    driver
      .write(async (tx) => {
        await insertDocWriter(tx, { document: shared.key, clientId, userId });
      })
      .then(() => relay?.publishClaim(shared.key, clientId, userId))
      .catch((error: unknown) => {
        console.error(`collab: storing the writer of client ${clientId} in ${shared.key} failed:`, error);
      });
  };
}
