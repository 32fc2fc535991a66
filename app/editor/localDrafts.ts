/**
 * Offline copies of live drafts in the browser's IndexedDB (y-indexeddb), so edits typed while the
 * connection is down survive closing the tab and are sent when the page is opened again online.
 * They are per user and cleared at sign-out: a shared office computer keeps no one's draft.
 */
export const LOCAL_DRAFT_PREFIX = "tongshang-draft:";

/** One copy per user and document: the live draft `<id>` and a private draft `<id>~<side>` are kept apart. */
export function localDraftName(userId: string, documentName: string): string {
  return `${LOCAL_DRAFT_PREFIX}${userId}:${documentName}`;
}

export async function clearLocalDrafts(): Promise<void> {
  if (typeof indexedDB === "undefined" || typeof indexedDB.databases !== "function") return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .filter((d) => d.name?.startsWith(LOCAL_DRAFT_PREFIX))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(d.name!);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}
