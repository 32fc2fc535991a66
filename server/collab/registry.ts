import { CLOSE_CODES } from "~/shared/collab/protocol";
import { LocalBus, type ClusterBus } from "../cluster/bus";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { DocPersistence } from "./persistence";
import { SharedDocument, type ChangeListener } from "./sharedDocument";

const { compactAfterUpdates, unloadRetryMs } = COLLAB_DEFAULTS;

export interface RegistryOptions {
  /** Keep an idle document this long after its last user leaves, so a quick reconnect is free. */
  idleUnloadMs: number;
  /**
   * Every `negotiationId` in this registry is a document name (shared/collab/documentName.ts): the
   * negotiation id for its live draft, `<id>~<side>` for a side's private draft.
   */
  isLocked: (negotiationId: string) => Promise<boolean>;
  onChange?: ChangeListener;
  /**
   * Other services that follow a document while it is loaded (the workflow's clause watcher,
   * writer claims, the shape guard): the document is handed out only after this resolves.
   */
  onLoad?: (doc: SharedDocument) => void | Promise<void>;
  onUnload?: (negotiationId: string) => void;
  /** The other nodes (ADR 027): a document's channel is joined before its load and left after its unload. */
  bus?: ClusterBus;
}

/**
 * Loads each document once however many clients arrive together, and unloads it
 * (after compacting its log) when its last user has gone, so memory stays bounded over a day.
 */
export class DocumentRegistry {
  private readonly documents = new Map<string, SharedDocument>();
  private readonly loading = new Map<string, Promise<SharedDocument>>();
  private readonly users = new Map<string, number>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  /** Documents being compacted on their way out: a new user meanwhile keeps them loaded. */
  private readonly unloading = new Set<string>();
  /**
   * What other nodes sent about a document while it loads (its channel is joined, its state not
   * yet in memory): applied once it is, so nothing committed during the load is missed.
   */
  private readonly early = new Map<string, { updates: Uint8Array[]; claims: Array<[number, string]>; resync: boolean }>();
  private readonly bus: ClusterBus;

  constructor(
    private readonly persistence: DocPersistence,
    private readonly options: RegistryOptions,
  ) {
    this.bus = options.bus ?? new LocalBus();
  }

  /** An update another node committed: applied if the document is here (or buffered while it loads). */
  remoteUpdate(key: string, update: Uint8Array): void {
    const doc = this.documents.get(key);
    if (doc) doc.applyRemote(update);
    else this.early.get(key)?.updates.push(update);
  }

  /** A writer claim made on another node (C-13): the first claim of a client id stands, here as in the database. */
  remoteClaim(key: string, clientId: number, userId: string): void {
    const doc = this.documents.get(key);
    if (doc) doc.takeRemoteClaim(clientId, userId);
    else this.early.get(key)?.claims.push([clientId, userId]);
  }

  remoteAwareness(key: string, update: Uint8Array): void {
    this.documents.get(key)?.applyRemoteAwareness(update);
  }

  /** Frames about `key` may have been lost: a loaded document re-reads the database; one loading does so once loaded. */
  resync(key: string): void {
    const doc = this.documents.get(key);
    if (doc) return this.resyncQuietly(doc);
    const early = this.early.get(key);
    if (early) early.resync = true;
  }

  private resyncQuietly(doc: SharedDocument): void {
    // A lock frame may have been lost with the rest: the draft's lock is read again too.
    this.options.isLocked(doc.key).then(
      (locked) => (doc.locked = locked),
      (error: unknown) => console.error(`collab: re-reading the lock of ${doc.key} failed:`, error),
    );
    doc.resync().catch((error: unknown) => console.error(`collab: re-reading ${doc.key} after a relay reconnect failed:`, error));
  }

  /** Resolves once the stored state is in memory; the caller must `release` it later. */
  async acquire(negotiationId: string): Promise<SharedDocument> {
    this.users.set(negotiationId, (this.users.get(negotiationId) ?? 0) + 1);
    const timer = this.unloadTimers.get(negotiationId);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(negotiationId);
    }
    const loaded = this.documents.get(negotiationId);
    if (loaded) return loaded;
    let pending = this.loading.get(negotiationId);
    if (!pending) {
      pending = this.load(negotiationId);
      pending.then(
        () => this.loading.delete(negotiationId),
        () => this.loading.delete(negotiationId),
      );
      this.loading.set(negotiationId, pending);
    }
    try {
      return await pending;
    } catch (error) {
      this.users.set(negotiationId, (this.users.get(negotiationId) ?? 1) - 1);
      throw error;
    }
  }

  private async load(negotiationId: string): Promise<SharedDocument> {
    // Subscribed before the load reads: an update committed meanwhile is in the read or arrives as a frame.
    this.early.set(negotiationId, { updates: [], claims: [], resync: false });
    let doc: SharedDocument;
    try {
      await this.bus.join(negotiationId);
      doc = await SharedDocument.open(negotiationId, this.persistence, {
        locked: await this.options.isLocked(negotiationId),
        onChange: this.options.onChange,
        relay: this.bus,
      });
    } catch (error) {
      this.forgetChannel(negotiationId);
      throw error;
    }
    try {
      await this.options.onLoad?.(doc);
    } catch (error) {
      doc.destroy();
      this.forgetChannel(negotiationId);
      throw error;
    }
    this.documents.set(negotiationId, doc);
    doc.onStale = () => this.discard(doc);
    doc.onGap = () => this.resyncQuietly(doc);
    const early = this.early.get(negotiationId);
    this.early.delete(negotiationId);
    for (const update of early?.updates ?? []) doc.applyRemote(update);
    for (const [clientId, userId] of early?.claims ?? []) doc.takeRemoteClaim(clientId, userId);
    if (early?.resync) this.resyncQuietly(doc);
    this.foldLongLog(doc);
    return doc;
  }

  private forgetChannel(negotiationId: string): void {
    this.early.delete(negotiationId);
    this.bus.leave(negotiationId);
  }

  /**
   * A log left long (the process was killed before it could compact) is folded right after the
   * load, off the opening's path: otherwise every restart until the next edit pays for it again.
   */
  private foldLongLog(doc: SharedDocument): void {
    if (doc.loadedUpdates < compactAfterUpdates) return;
    setImmediate(() => {
      if (this.documents.get(doc.key) !== doc) return; // unloaded meanwhile: unload compacted it
      doc.compact().catch((error: unknown) => {
        console.error(`collab: folding the log of ${doc.key} after loading failed; it stays as it is:`, error);
      });
    });
  }

  release(negotiationId: string): void {
    const left = (this.users.get(negotiationId) ?? 1) - 1;
    this.users.set(negotiationId, left);
    if (left > 0) return;
    this.users.delete(negotiationId);
    if (this.options.idleUnloadMs <= 0) return this.unload(negotiationId);
    this.unloadTimers.set(
      negotiationId,
      setTimeout(() => this.unload(negotiationId), this.options.idleUnloadMs).unref(),
    );
  }

  /**
   * Runs from a timer or a socket's close event, so it never rejects: a failed compaction keeps
   * the document loaded (its updates are still queued for storage) and is tried again later.
   */
  private unload(negotiationId: string): void {
    this.unloadTimers.delete(negotiationId);
    if ((this.users.get(negotiationId) ?? 0) > 0 || this.unloading.has(negotiationId)) return;
    const doc = this.documents.get(negotiationId);
    if (!doc) return;
    this.unloading.add(negotiationId);
    doc.compact().then(
      () => {
        this.unloading.delete(negotiationId);
        // Someone arrived while it compacted: they hold this very document, so it stays.
        if ((this.users.get(negotiationId) ?? 0) > 0 || this.documents.get(negotiationId) !== doc) return;
        this.drop(doc);
      },
      (error: unknown) => {
        this.unloading.delete(negotiationId);
        console.error(`collab: compacting ${negotiationId} failed; keeping it loaded:`, error);
        if ((this.users.get(negotiationId) ?? 0) > 0) return;
        this.unloadTimers.set(negotiationId, setTimeout(() => this.unload(negotiationId), Math.max(this.options.idleUnloadMs, unloadRetryMs)).unref());
      },
    );
  }

  /**
   * Drops a stale copy at once (SharedDocument.stale): the next acquire loads the stored draft, and
   * its peers are closed so their clients reconnect to that load. Their releases still count down
   * `users` for the name, which a new load shares.
   */
  private discard(doc: SharedDocument): void {
    if (this.documents.get(doc.key) !== doc) return;
    // Out of the map first: the peers' releases below must not find (and unload) this copy.
    this.documents.delete(doc.key);
    const timer = this.unloadTimers.get(doc.key);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(doc.key);
    console.error(`collab: ${doc.key} was signed on another node before an edit here could be stored; the edit is refused and the draft reloaded`);
    for (const peer of [...doc.peers]) peer.close?.(CLOSE_CODES.serverShutdown, "draft reloaded: agreement signed");
    this.drop(doc);
  }

  /** The document leaves memory and its channel: unloaded, or discarded as stale. */
  private drop(doc: SharedDocument): void {
    doc.destroy();
    this.documents.delete(doc.key);
    this.bus.leave(doc.key);
    this.options.onUnload?.(doc.key);
  }

  loaded(negotiationId: string): SharedDocument | undefined {
    return this.documents.get(negotiationId);
  }

  get size(): number {
    return this.documents.size;
  }

  /** What the registry holds on to, entry counts per map: all zero once every document has unloaded. */
  retained(): { documents: number; loading: number; users: number; unloadTimers: number; unloading: number } {
    return { documents: this.documents.size, loading: this.loading.size, users: this.users.size, unloadTimers: this.unloadTimers.size, unloading: this.unloading.size };
  }

  /** On shutdown: compact and drop every document (documents still loading are awaited first). */
  async closeAll(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.allSettled([...this.loading.values()]);
    for (const [id, doc] of this.documents) {
      try {
        await doc.compact();
      } catch (error) {
        console.error(`collab: compacting ${id} on shutdown failed (its update log stays as it is):`, error);
      }
      doc.destroy();
      this.documents.delete(id);
      this.bus.leave(id);
    }
    this.users.clear();
  }
}
