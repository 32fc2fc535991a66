import { DocPersistence } from "./persistence";
import { SharedDocument, type ChangeListener } from "./sharedDocument";

/** A document whose compaction failed is tried again no sooner than this. */
const UNLOAD_RETRY_MS = 5_000;

export interface RegistryOptions {
  /** Keep an idle document this long after its last user leaves, so a quick reconnect is free. */
  idleUnloadMs: number;
  /** `key` is a document name (shared/collab/documentName.ts): the live draft or a side's private one. */
  isLocked: (key: string) => boolean;
  onChange?: ChangeListener;
  /** Other services that follow a document while it is loaded (the workflow's clause watcher). */
  onLoad?: (doc: SharedDocument) => void;
  onUnload?: (key: string) => void;
}

/**
 * Loads each document (a negotiation's live draft, or a side's private draft, by its name) once however many clients arrive together, and unloads it
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
  async acquire(key: string): Promise<SharedDocument> {
    this.users.set(key, (this.users.get(key) ?? 0) + 1);
    const timer = this.unloadTimers.get(key);
    if (timer) {
      clearTimeout(timer);
      this.unloadTimers.delete(key);
    }
    const loaded = this.documents.get(key);
    if (loaded) return loaded;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = Promise.resolve().then(() => {
        const doc = new SharedDocument(key, this.persistence, {
          locked: this.options.isLocked(key),
          onChange: this.options.onChange,
        });
        this.options.onLoad?.(doc);
        this.documents.set(key, doc);
        this.loading.delete(key);
        return doc;
      });
      pending.catch(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    try {
      return await pending;
    } catch (error) {
      this.users.set(key, (this.users.get(key) ?? 1) - 1);
      throw error;
    }
  }

  release(key: string): void {
    const left = (this.users.get(key) ?? 1) - 1;
    this.users.set(key, left);
    if (left > 0) return;
    this.users.delete(key);
    if (this.options.idleUnloadMs <= 0) return this.unload(key);
    this.unloadTimers.set(
      key,
      setTimeout(() => this.unload(key), this.options.idleUnloadMs).unref(),
    );
  }

  private unload(key: string): void {
    this.unloadTimers.delete(key);
    if ((this.users.get(key) ?? 0) > 0) return;
    const doc = this.documents.get(key);
    if (!doc) return;
    try {
      doc.compact();
    } catch (error) {
      // Runs from a timer or a socket's close event, where a throw would end the process. The
      // document stays loaded (its updates are still queued for storage) and is tried again later.
      console.error(`collab: compacting ${key} failed; keeping it loaded:`, error);
      this.unloadTimers.set(key, setTimeout(() => this.unload(key), Math.max(this.options.idleUnloadMs, UNLOAD_RETRY_MS)).unref());
      return;
    }
    doc.destroy();
    this.documents.delete(key);
    this.options.onUnload?.(key);
  }

  loaded(key: string): SharedDocument | undefined {
    return this.documents.get(key);
  }

  get size(): number {
    return this.documents.size;
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
