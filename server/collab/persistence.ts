import { and, asc, count, eq, lte, max, sql } from "drizzle-orm";
import type Database from "better-sqlite3";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { docStates, docUpdates } from "../../db/schema";
import { parseDocumentName, type DocumentName } from "../../shared/collab/documentName";

/** Fold the update log into one state row once it holds this many rows (and on unload). */
export const COMPACT_AFTER_UPDATES = 500;

/**
 * Stored updates applied per Yjs transaction when loading. One transaction around 20,000 tiny
 * updates spends most of its time in the cleanup that merges their structs into runs (each merge
 * splices a 20,000-entry array); one per update pays a transaction each. Measured at 20,000
 * one-character updates: all in one ~60 ms, one each ~90 ms, 64 at a time ~30 ms.
 */
export const LOAD_BATCH_UPDATES = 64;

/** After a failed group commit (disk full, database busy past its 5 s timeout) try again this much later. */
export const FLUSH_RETRY_MS = 1_000;

export interface StoredUpdateMeta {
  userId: string | null;
  origin: string;
}

interface PendingUpdate {
  name: DocumentName;
  update: Uint8Array;
  meta: StoredUpdateMeta;
  onStored: () => void;
}

/** The stored rows of one document: `key` is its collaboration name (`<id>` or `<id>~<side>`). */
function documentRows(key: string): DocumentName {
  const name = parseDocumentName(key);
  if (!name) throw new Error(`not a document name: ${key}`);
  return name;
}

/**
 * SQLite persistence of a draft (the live one or a side's private one, told apart by the `draft`
 * column): an append-only update log plus one compacted state row.
 * Updates arriving in the same event-loop turn are committed together in one transaction (group
 * commit), and each is relayed only from `onStored`, after its commit: under load this turns
 * thousands of tiny WAL commits a second into a few dozen, without ever relaying before storing.
 */
export class DocPersistence {
  private pending: PendingUpdate[] = [];
  private flushScheduled = false;

  /** Prepared once: building the insert per update showed up in profiles under load. */
  private readonly insertUpdate;
  /** Prepared once, read as raw rows: opening a long log spent a third of its time in the query builder and row mapping. */
  private readonly selectState;
  private readonly selectLog: (negotiationId: string, draft: string) => Buffer[];

  constructor(private readonly db: Db) {
    this.insertUpdate = db
      .insert(docUpdates)
      .values({
        negotiationId: sql.placeholder("negotiationId"),
        draft: sql.placeholder("draft"),
        update: sql.placeholder("update"),
        userId: sql.placeholder("userId"),
        origin: sql.placeholder("origin"),
        createdAt: sql.placeholder("createdAt"),
      })
      .prepare();
    this.selectState = db
      .select({ state: docStates.state })
      .from(docStates)
      .where(and(eq(docStates.negotiationId, sql.placeholder("negotiationId")), eq(docStates.draft, sql.placeholder("draft"))))
      .prepare();
    const selectLog = db
      .select({ update: docUpdates.update })
      .from(docUpdates)
      .where(and(eq(docUpdates.negotiationId, sql.placeholder("negotiationId")), eq(docUpdates.draft, sql.placeholder("draft"))))
      .orderBy(asc(docUpdates.id));
    // With better-sqlite3 at hand (always, outside a transaction) the same query, plucked: one
    // Buffer per row instead of a one-element array around it (~50 ms instead of ~64 for 20,000).
    const client = (db as { $client?: Database.Database }).$client;
    const plucked = client?.prepare(selectLog.toSQL().sql).pluck();
    const prepared = selectLog.prepare();
    this.selectLog = plucked
      ? (negotiationId: string, draft: string) => plucked.all(negotiationId, draft) as Buffer[]
      : (negotiationId: string, draft: string) => prepared.values({ negotiationId, draft }).map((row) => row[0] as Buffer);
  }

  /** Stores `update` with the next group commit, then calls `onStored` (which relays it). */
  enqueue(key: string, update: Uint8Array, meta: StoredUpdateMeta, onStored: () => void): void {
    this.pending.push({ name: documentRows(key), update, meta, onStored });
    this.scheduleFlush(0);
  }

  /**
   * The group commit runs outside any caller: an exception there would kill the process, so a
   * failed commit is logged and retried, its updates kept (still unrelayed) until it succeeds.
   */
  private scheduleFlush(delayMs: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      try {
        this.flush();
      } catch (error) {
        console.error(`collab: storing ${this.pending.length} update(s) failed; retrying in ${FLUSH_RETRY_MS} ms:`, error);
      }
    };
    if (delayMs > 0) setTimeout(run, delayMs).unref();
    else setImmediate(run);
  }

  /**
   * Commits everything queued, then runs the callbacks in arrival order. Safe to call any time;
   * throws when the commit fails, leaving the batch queued for the next attempt.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const now = Date.now();
    try {
      this.db.transaction(() => {
        for (const p of batch) {
          this.insertUpdate.run({ negotiationId: p.name.negotiationId, draft: p.name.draft, update: Buffer.from(p.update), userId: p.meta.userId, origin: p.meta.origin, createdAt: now });
        }
      });
    } catch (error) {
      this.pending = [...batch, ...this.pending];
      this.scheduleFlush(FLUSH_RETRY_MS);
      throw error;
    }
    for (const p of batch) p.onStored();
  }

  /**
   * Applies the compacted state and then every logged update, in order, to `doc`, and says how
   * long the log was (the caller folds a long one). Y.mergeUpdates is no shortcut here: merging
   * the 20,000-update log first took longer than applying it (~75 ms against ~30 ms).
   */
  load(key: string, doc: Y.Doc, origin: unknown): { updates: number } {
    const { negotiationId, draft } = documentRows(key);
    const state = this.selectState.values({ negotiationId, draft })[0]?.[0] as Buffer | undefined;
    const rows = this.selectLog(negotiationId, draft);
    // A Buffer is a Uint8Array over its own memory: Yjs reads it as it is, no copy per row.
    if (state) Y.applyUpdate(doc, state, origin);
    for (let start = 0; start < rows.length; start += LOAD_BATCH_UPDATES) {
      doc.transact(() => {
        for (let i = start; i < Math.min(rows.length, start + LOAD_BATCH_UPDATES); i++) Y.applyUpdate(doc, rows[i]!, origin);
      }, origin);
    }
    return { updates: rows.length };
  }

  /** Synchronous append outside the group commit (seeding, tools): committed when it returns. */
  append(key: string, update: Uint8Array, meta: StoredUpdateMeta): void {
    const { negotiationId, draft } = documentRows(key);
    this.db
      .insert(docUpdates)
      .values({ negotiationId, draft, update: Buffer.from(update), userId: meta.userId, origin: meta.origin, createdAt: Date.now() })
      .run();
  }

  pendingCount(key: string): number {
    const { negotiationId, draft } = documentRows(key);
    return this.db.select({ n: count() }).from(docUpdates).where(and(eq(docUpdates.negotiationId, negotiationId), eq(docUpdates.draft, draft))).get()?.n ?? 0;
  }

  /** Whether anything of this document was ever stored (a private draft is created on first open). */
  exists(key: string): boolean {
    const { negotiationId, draft } = documentRows(key);
    const state = this.db.select({ n: count() }).from(docStates).where(and(eq(docStates.negotiationId, negotiationId), eq(docStates.draft, draft))).get()?.n ?? 0;
    return state > 0 || this.pendingCount(key) > 0 || this.pending.some((p) => p.name.negotiationId === negotiationId && p.name.draft === draft);
  }

  /**
   * Replaces the log with the document's full state in one transaction. Safe because every update
   * in the log has already been applied to `doc` (all writes pass through the in-memory document).
   */
  compact(key: string, doc: Y.Doc): void {
    const { negotiationId, draft } = documentRows(key);
    this.flush();
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    this.db.transaction((tx) => {
      const ofThisDocument = and(eq(docUpdates.negotiationId, negotiationId), eq(docUpdates.draft, draft));
      const last = tx.select({ id: max(docUpdates.id) }).from(docUpdates).where(ofThisDocument).get();
      tx.insert(docStates)
        .values({ negotiationId, draft, state, updatedAt: Date.now() })
        .onConflictDoUpdate({ target: [docStates.negotiationId, docStates.draft], set: { state, updatedAt: Date.now() } })
        .run();
      if (last?.id != null) tx.delete(docUpdates).where(and(ofThisDocument, lte(docUpdates.id, last.id))).run();
    });
  }
}
