import { COMPACT_AFTER_UPDATES, DocPersistence } from "./persistence";
import { SharedDocument, type ChangeListener } from "./sharedDocument";

/** A document whose compaction failed is tried again no sooner than this. */
const UNLOAD_RETRY_MS = 5_000;

export interface RegistryOptions {
  /** Keep an idle document this long after its last user leaves, so a quick reconnect is free. */
  idleUnloadMs: number;
  /**
   * Every `negotiationId` in this registry is a document name (shared/collab/documentName.ts): the
   * negotiation id for its live draft, `<id>~<side>` for a side's private draft.
   */
  isLocked: (negotiationId: string) => boolean;
  onChange?: ChangeListener;
  /** Other services that follow a document while it is loaded (the workflow's clause watcher). */
  onLoad?: (doc: SharedDocument) => void;
  onUnload?: (negotiationId: string) => void;
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

  constructor(
    private readonly persistence: DocPersistence,
    private readonly options: RegistryOptions,
  ) {}

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
      pending = Promise.resolve().then(() => {
        const doc = new SharedDocument(negotiationId, this.persistence, {
          locked: this.options.isLocked(negotiationId),
          onChange: this.options.onChange,
        });
        this.options.onLoad?.(doc);
        this.documents.set(negotiationId, doc);
        this.loading.delete(negotiationId);
        this.foldLongLog(doc);
        return doc;
      });
      pending.catch(() => this.loading.delete(negotiationId));
      this.loading.set(negotiationId, pending);
    }
    try {
      return await pending;
    } catch (error) {
      this.users.set(negotiationId, (this.users.get(negotiationId) ?? 1) - 1);
      throw error;
    }
  }

  /**
   * A log left long (the process was killed before it could compact) is folded right after the
   * load, off the opening's path: otherwise every restart until the next edit pays for it again.
   */
  private foldLongLog(doc: SharedDocument): void {
    if (this.persistence.pendingCount(doc.negotiationId) < COMPACT_AFTER_UPDATES) return;
    setImmediate(() => {
      if (this.documents.get(doc.negotiationId) !== doc) return; // unloaded meanwhile: unload compacted it
      try {
        doc.compact();
      } catch (error) {
        console.error(`collab: folding the log of ${doc.negotiationId} after loading failed; it stays as it is:`, error);
      }
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

  private unload(negotiationId: string): void {
    this.unloadTimers.delete(negotiationId);
    if ((this.users.get(negotiationId) ?? 0) > 0) return;
    const doc = this.documents.get(negotiationId);
    if (!doc) return;
    try {
      doc.compact();
    } catch (error) {
      // Runs from a timer or a socket's close event, where a throw would end the process. The
      // document stays loaded (its updates are still queued for storage) and is tried again later.
      console.error(`collab: compacting ${negotiationId} failed; keeping it loaded:`, error);
      this.unloadTimers.set(negotiationId, setTimeout(() => this.unload(negotiationId), Math.max(this.options.idleUnloadMs, UNLOAD_RETRY_MS)).unref());
      return;
    }
    doc.destroy();
    this.documents.delete(negotiationId);
    this.options.onUnload?.(negotiationId);
  }

  loaded(negotiationId: string): SharedDocument | undefined {
    return this.documents.get(negotiationId);
  }

  get size(): number {
    return this.documents.size;
  }

  /** What the registry holds on to, entry counts per map: all zero once every document has unloaded. */
  retained(): { documents: number; loading: number; users: number; unloadTimers: number } {
    return { documents: this.documents.size, loading: this.loading.size, users: this.users.size, unloadTimers: this.unloadTimers.size };
  }

  /** On shutdown: compact and drop every document. */
  closeAll(): void {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const [id, doc] of this.documents) {
      try {
        doc.compact();
      } catch (error) {
        console.error(`collab: compacting ${id} on shutdown failed (its update log stays as it is):`, error);
      }
      doc.destroy();
      this.documents.delete(id);
    }
    this.users.clear();
  }
}
