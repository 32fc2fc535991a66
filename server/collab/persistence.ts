import { and, count, eq, lte, max } from "drizzle-orm";
import { AsyncResource } from "node:async_hooks";
import * as Y from "yjs";
import type { Db } from "~/db/client";
import { lockKeys, type Dialect, type Driver } from "~/db/driver";
import { appendAcrossNodes, appendUpdates, type ClaimRow, type UpdateRow } from "~/db/appendUpdates";
import { lock } from "~/db/locks";
import { readUpdateLog } from "~/db/readUpdateLog";
import { docStates, docUpdates } from "~/db/schema";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { parseDocumentName, type DocumentName } from "~/shared/collab/documentName";
import { joinUpdates } from "./joinUpdates";

export interface StoredUpdateMeta {
  userId: string | null;
  origin: string;
}

interface PendingUpdate {
  key: string;
  name: DocumentName;
  update: Uint8Array;
  meta: StoredUpdateMeta;
  onStored: () => void;
  /** Not stored, ever: the agreement was signed on another node before this row's turn (`documentLocks`). */
  onRefused: () => void;
}

/** A writer claim waiting for the group commit, and what to do once it is stored (tell the other nodes). */
interface PendingClaim extends ClaimRow {
  onStored: () => void;
}

/** What a commit did with its rows: stored (relay them), deferred (try again), refused (never stored). */
interface CommitOutcome {
  batch: PendingUpdate[];
  deferred: PendingUpdate[];
  refused: PendingUpdate[];
}

function updateRow(row: PendingUpdate): UpdateRow {
  return { lockKey: lockKeys.document(row.key), negotiationId: row.name.negotiationId, draft: row.name.draft, update: row.update, userId: row.meta.userId, origin: row.meta.origin };
}

/** The stored rows of one document: `key` is its collaboration name (`<id>` or `<id>~<side>`). */
function documentRows(key: string): DocumentName {
  const name = parseDocumentName(key);
  if (!name) throw new Error(`not a document name: ${key}`);
  return name;
}

const { documentLockRetryMs, flushRetryMs, loadBatchUpdates } = COLLAB_DEFAULTS;

/**
 * Persistence of a draft (the live one or a side's private one, told apart by the `draft` column):
 * an append-only update log plus one compacted state row, through the Driver (ADR 025).
 * Updates arriving in the same event-loop turn are committed together in one transaction (group
 * commit), and each is relayed only from `onStored`, after its commit: under load this turns
 * thousands of tiny commits a second into a few dozen, without ever relaying before storing.
 * Commits run one after another (`tail`), so updates are stored and relayed in arrival order.
 */
export class DocPersistence {
  private pending: PendingUpdate[] = [];
  private pendingClaims: PendingClaim[] = [];
  private flushScheduled = false;
  /**
   * Group commits that stored rows since start, and those rows. Rows per commit tells bursty
   * arrivals (a hundred rows share one commit's fixed cost) from smooth ones (a few rows each): why
   * CPU per keystroke moves with the machine the benchmark runs on (bench/collab.bench.ts).
   */
  private readonly committed = { commits: 0, rows: 0 };

  commitStats(): { commits: number; rows: number } {
    return { ...this.committed };
  }

  /** The last commit started; the next one waits for it, so batches commit in order. */
  private tail: Promise<void> = Promise.resolve();

  /**
   * Runs a callback in the context this persistence was made in (server start): the scheduled
   * group commit is its own transaction even when the update that scheduled it was made inside a
   * command's write.
   */
  private readonly detached = AsyncResource.bind((fn: () => void) => fn());

  /**
   * Documents whose lock (lockKeys.document) a command on this node holds (collab.withDocument):
   * their rows commit without asking for it. Only used with `documentLocks`.
   */
  private readonly heldHere = new Map<string, number>();

  /**
   * `documentLocks` (several nodes, ADR 027): each commit takes every document's lock without
   * waiting, and leaves for a later commit the rows of a document whose lock a command on another
   * node holds — so nothing is stored into a document while such a command reads and binds it.
   */
  constructor(
    private readonly driver: Driver,
    private readonly options: { documentLocks?: boolean } = {},
  ) {}

  /** This node's command holds these documents' locks: their rows commit under it until the returned function is called. */
  holdingLocks(keys: readonly string[]): () => void {
    for (const key of keys) this.heldHere.set(key, (this.heldHere.get(key) ?? 0) + 1);
    return () => {
      for (const key of keys) {
        const left = (this.heldHere.get(key) ?? 1) - 1;
        if (left > 0) this.heldHere.set(key, left);
        else this.heldHere.delete(key);
      }
    };
  }

  /**
   * Stores `update` with the next group commit, then calls `onStored` (which relays it) — or, on
   * several nodes, `onRefused` when the agreement was locked by another node's command first.
   */
  enqueue(key: string, update: Uint8Array, meta: StoredUpdateMeta, onStored: () => void, onRefused: () => void = () => {}): void {
    this.pending.push({ key, name: documentRows(key), update, meta, onStored, onRefused });
    this.scheduleFlush(0);
  }

  /**
   * Stores a writer claim (SPEC C-13) with the next group commit — the one of the update that
   * made it, which was enqueued in the same turn — then calls `onStored`, before that commit's
   * updates are relayed.
   */
  enqueueClaim(claim: ClaimRow, onStored: () => void): void {
    this.pendingClaims.push({ ...claim, onStored });
    this.scheduleFlush(0);
  }

  /**
   * The group commit runs outside any caller: a rejection there would end the process, so a
   * failed commit is logged and retried, its updates kept (still unrelayed) until it succeeds.
   */
  private scheduleFlush(delayMs: number): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    const run = () => {
      this.flushScheduled = false;
      this.flush().catch((error: unknown) => {
        console.error(`collab: storing ${this.pending.length} update(s) failed; retrying in ${flushRetryMs} ms:`, error);
      });
    };
    if (delayMs > 0) setTimeout(() => this.detached(run), delayMs).unref();
    else setImmediate(() => this.detached(run));
  }

  /**
   * Resolves once everything queued before the call is committed and its callbacks have run, in
   * arrival order. Rejects when the commit fails, leaving the batch queued (and a retry scheduled).
   * Never call it inside a `driver.write`: on SQLite the commit it waits for needs the same lock.
   */
  flush(): Promise<void> {
    if (this.driver.inWrite()) return Promise.reject(new Error("collab: a document flush inside driver.write would wait on its own transaction; call collab outside the write"));
    const commit = this.tail.then(() => this.commitPending());
    this.tail = commit.catch(() => undefined);
    return commit;
  }

  private async commitPending(): Promise<void> {
    if (this.pending.length === 0 && this.pendingClaims.length === 0) return;
    const all = this.pending;
    const claims = this.pendingClaims;
    this.pending = [];
    this.pendingClaims = [];
    let outcome: CommitOutcome;
    try {
      outcome = this.options.documentLocks ? await this.appendAcrossNodes(all, claims) : await this.appendOnOneNode(all, claims);
    } catch (error) {
      this.pending = [...all, ...this.pending];
      this.pendingClaims = [...claims, ...this.pendingClaims];
      this.scheduleFlush(flushRetryMs);
      throw error;
    }
    for (const claim of claims) claim.onStored();
    const { batch, deferred, refused } = outcome;
    if (batch.length > 0) {
      this.committed.commits++;
      this.committed.rows += batch.length;
    }
    if (deferred.length > 0) {
      this.pending = [...deferred, ...this.pending];
      this.scheduleFlush(documentLockRetryMs);
    }
    for (const p of batch) p.onStored();
    for (const p of refused) p.onRefused();
  }

  /** One node: every row, in arrival order, and every claim, in one commit. */
  private async appendOnOneNode(rows: PendingUpdate[], claims: readonly ClaimRow[]): Promise<CommitOutcome> {
    await appendUpdates(this.driver, rows.map(updateRow), Date.now(), claims);
    return { batch: rows, deferred: [], refused: [] };
  }

  /**
   * Several nodes (`documentLocks`, PostgreSQL): the rows whose document this commit could lock (or
   * this node's command holds) are stored; the rest wait, in order, for a later commit; those of an
   * agreement another node's command signed since they were accepted here are never stored.
   * Signing sets `locked_at` under the document's lock, so once the lock is held the column tells;
   * this node's own commands hold their documents while client updates wait, so their rows are not
   * asked about. All of it one statement (db/appendUpdates.ts).
   */
  private async appendAcrossNodes(rows: PendingUpdate[], claims: readonly ClaimRow[]): Promise<CommitOutcome> {
    const held = [...new Set(rows.filter((row) => this.heldHere.has(row.key)).map((row) => lockKeys.document(row.key)))];
    const outcomes = await appendAcrossNodes(this.driver, rows.map(updateRow), held, Date.now(), claims);
    const batch: PendingUpdate[] = [];
    const deferred: PendingUpdate[] = [];
    const refused: PendingUpdate[] = [];
    for (const row of rows) {
      const outcome = outcomes.get(lockKeys.document(row.key));
      if (outcome === "stored") batch.push(row);
      else if (outcome === "refused") refused.push(row);
      else deferred.push(row);
    }
    return { batch, deferred, refused };
  }

  /** Waits a little when commits leave rows of `key` for later (another node's command holds the document); else resolves at once. */
  async lockWait(key: string): Promise<void> {
    if (this.options.documentLocks && !this.heldHere.has(key) && this.isPending(key)) await new Promise((resolve) => setTimeout(resolve, documentLockRetryMs));
  }

  /**
   * Applies the compacted state and then every logged update, in order, to `doc`, and says how
   * long the log was (the caller folds a long one). Y.mergeUpdates is no shortcut here: merging
   * the 20,000-update log first took longer than applying it (~75 ms against ~30 ms); joining the
   * rows' bytes (joinUpdates) is.
   */
  async load(key: string, doc: Y.Doc, origin: unknown): Promise<{ updates: number }> {
    const { negotiationId, draft } = documentRows(key);
    const db = this.driver.db;
    // The log before the state, as two statements outside a transaction: a compaction (another
    // node's, or this process's own between two awaits) that commits between them has folded the
    // rows it deleted into a state the second read sees, since a state only ever grows. Read the
    // other way round, the old state and the shortened log together lacked the folded rows.
    const updates = await readUpdateLog(db, this.driver.dialect, { negotiationId, draft });
    const [stateRow] = await db.select({ state: docStates.state }).from(docStates).where(and(eq(docStates.negotiationId, negotiationId), eq(docStates.draft, draft)));
    applyStored(doc, stateRow?.state ?? null, updates, origin);
    return { updates: updates.length };
  }

  /** An append outside the group commit (seeding, tools): committed when it resolves. */
  async append(key: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<void> {
    const { negotiationId, draft } = documentRows(key);
    await this.driver.write(async (tx) => {
      await tx.insert(docUpdates).values({ negotiationId, draft, update: Buffer.from(update), userId: meta.userId, origin: meta.origin, createdAt: Date.now() });
    });
  }

  async pendingCount(key: string): Promise<number> {
    const { negotiationId, draft } = documentRows(key);
    const [row] = await this.driver.db.select({ n: count() }).from(docUpdates).where(and(eq(docUpdates.negotiationId, negotiationId), eq(docUpdates.draft, draft)));
    return row?.n ?? 0;
  }

  /** Whether an update of this document waits for the next group commit. */
  isPending(key: string): boolean {
    const { negotiationId, draft } = documentRows(key);
    return this.pending.some((p) => p.name.negotiationId === negotiationId && p.name.draft === draft);
  }

  /** Whether anything of this document was ever stored (a private draft is created on first open). */
  async exists(key: string): Promise<boolean> {
    if (this.isPending(key)) return true;
    const { negotiationId, draft } = documentRows(key);
    const [state] = await this.driver.db.select({ n: count() }).from(docStates).where(and(eq(docStates.negotiationId, negotiationId), eq(docStates.draft, draft)));
    return (state?.n ?? 0) > 0 || (await this.pendingCount(key)) > 0;
  }

  /**
   * Replaces the log up to its last row with one state row, in one transaction: the stored state
   * and the logged rows folded together (foldedState) — what the database holds, never this
   * process's copy. A copy may lack what another node stored (a frame in flight or lost, a node
   * killed between commit and publish, ADR 027) and another node's compaction may already have folded that into the state, so
   * writing the copy could drop it (issue 16); and a copy may hold rows still waiting to be stored,
   * which must not reach the state before they are (a signed agreement refuses them).
   */
  async compact(key: string): Promise<void> {
    const { negotiationId, draft } = documentRows(key);
    await this.flush();
    await this.driver.write(async (tx) => {
      // Several nodes: not while another node's command holds the document (its rows wait likewise);
      // once held, no other node's commit of this document is in flight, so the last id is final.
      if (this.options.documentLocks && !this.heldHere.has(key)) await lock(tx, lockKeys.document(key));
      await foldLog(tx, this.driver.dialect, { negotiationId, draft });
    });
  }
}

/**
 * Inside the caller's transaction: the state row becomes the stored state and every logged row
 * folded together, and those rows go. Exported for the test that commits it between a load's reads.
 */
export async function foldLog(tx: Db, dialect: Dialect, document: DocumentName): Promise<void> {
  const { negotiationId, draft } = document;
  const ofThisDocument = and(eq(docUpdates.negotiationId, negotiationId), eq(docUpdates.draft, draft));
  const [last] = await tx.select({ id: max(docUpdates.id) }).from(docUpdates).where(ofThisDocument);
  const lastId = last?.id ?? null;
  if (lastId === null) return; // nothing logged: the state already holds everything stored
  const [stored] = await tx.select({ state: docStates.state }).from(docStates).where(and(eq(docStates.negotiationId, negotiationId), eq(docStates.draft, draft)));
  const logged = await readUpdateLog(tx, dialect, { negotiationId, draft }, lastId);
  const state = Buffer.from(foldedState(stored?.state ?? null, logged));
  const updatedAt = Date.now();
  await tx
    .insert(docStates)
    .values({ negotiationId, draft, state, updatedAt })
    .onConflictDoUpdate({ target: [docStates.negotiationId, docStates.draft], set: { state, updatedAt } });
  await tx.delete(docUpdates).where(and(ofThisDocument, lte(docUpdates.id, lastId)));
}

/** The stored state, then the log in batches, each batch's rows joined first (joinUpdates.ts): an editor's run of keystrokes is one update to Yjs. */
function applyStored(doc: Y.Doc, state: Uint8Array | null, updates: readonly Uint8Array[], origin: unknown): void {
  if (state) Y.applyUpdate(doc, state, origin);
  for (let start = 0; start < updates.length; start += loadBatchUpdates) {
    const joined = joinUpdates(updates.slice(start, start + loadBatchUpdates));
    doc.transact(() => {
      for (const update of joined) Y.applyUpdate(doc, update, origin);
    }, origin);
  }
}

/**
 * The state and the log folded into one update, through a document of its own: Yjs merges each
 * run of typed characters into one item once they are integrated, which Y.mergeUpdates does not
 * (its output kept every keystroke an item, and opening it cost as much as the raw log).
 */
function foldedState(state: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const scratch = new Y.Doc({ gc: true });
  try {
    applyStored(scratch, state, updates, null);
    return Y.encodeStateAsUpdate(scratch);
  } finally {
    scratch.destroy();
  }
}
