import type { Driver } from "~/db/driver";
import { findDocWriters } from "~/db/queries/docWriters";
import type { ClusterBus } from "../cluster/bus";
import type { DocPersistence } from "./persistence";
import type { SharedDocument } from "./sharedDocument";

/**
 * Keeps a document's writer claims (SPEC C-13) beyond its time in memory: the claims stored for it
 * are restored when it loads, and each new one is stored with the group commit of the update that
 * made it. Without this, after an unload or a restart the first editor to write under an id would
 * own it, and could take a returning tab's id (its offline edits then refused) before that tab
 * reconnects. Each stored claim is then told to the other nodes holding the document (ADR 027),
 * which hold it from then on too, before the commit's updates are relayed.
 */
export async function keepWriterClaims(shared: SharedDocument, driver: Driver, persistence: DocPersistence, relay?: Pick<ClusterBus, "publishClaim">): Promise<void> {
  for (const { clientId, userId } of await findDocWriters(driver.db, shared.key)) if (!shared.writers.has(clientId)) shared.writers.set(clientId, userId);
  // The claim holds in memory at once; a commit that fails keeps it with its updates and retries.
  shared.onWriterClaimed = (clientId, userId) => persistence.enqueueClaim({ document: shared.key, clientId, userId }, () => relay?.publishClaim(shared.key, clientId, userId));
}
