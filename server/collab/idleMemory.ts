import { Session } from "node:inspector";
import { measureMemory } from "node:vm";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";

/**
 * A memory-reducing collection: V8's low-memory notification (`Isolate::LowMemoryNotification`:
 * full collections that "reduce the memory footprint", repeated until nothing more is freed,
 * compacting fragmented old-space pages, shrinking the young generation to its minimum and
 * emptying the compilation cache),
 * reached through the in-process inspector's `HeapProfiler.collectGarbage` — no port is opened and
 * no command-line flag is needed. Node 20's other ways keep the pages: after the benchmark's load a
 * `vm.measureMemory` (eager) collection left old space committed at 75–90 MiB for 37 MiB in use and
 * the young generation at 32 MiB, while this leaves 39 MiB and 0.3 MiB; `gc()` needs --expose-gc,
 * and `gc({ type: "major" })` is a minor collection there (Node 20's V8 takes an option object it
 * does not know as "minor"). It costs a pause: two full collections of ~0.2 s each in the
 * benchmark (50 MiB live, a busy core), once per idle spell.
 * A Node built without the inspector gets the plain full collection. Anything thrown becomes a
 * rejection, which IdleCollector logs.
 */
export async function collectGarbage(): Promise<unknown> {
  if (!process.features.inspector) return measureMemory({ mode: "summary", execution: "eager" });
  const session = new Session();
  session.connect();
  return new Promise<void>((resolve, reject) => {
    session.post("HeapProfiler.collectGarbage", (error) => {
      // Not from inside the callback: V8 answers with its heap profiler's lock held, and
      // disconnecting there destroys the profiler, which waits for that lock — the main thread
      // deadlocks (Node 20.20; idleMemory.test.ts runs the collection in a child for this).
      setImmediate(() => {
        session.disconnect();
        if (error) reject(error);
        else resolve();
      });
    });
  });
}

/**
 * Gives memory back once the node holds no document. V8 collects its old generation only when
 * allocation grows it, and a plain full collection frees objects but keeps the pages they were
 * on, so after everyone left a quiet node kept the load's heap: RSS 1.15–1.33× its idle size in
 * the benchmark (issue 18), about half of it V8's committed but unused pages. So when the last
 * document unloads, one memory-reducing collection follows shortly; a burst of unloads collects
 * once, and none runs while a document is loaded or loading again. What stays over the idle size
 * is native: the SQLite connections' statement and page caches, Node's pooled HTTP parsers, and
 * free space inside malloc's main arena that glibc keeps resident.
 */
export class IdleCollector {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** Whether the node holds no document (none loaded, none loading). */
    private readonly idle: () => boolean,
    private readonly collect: () => Promise<unknown> = collectGarbage,
    private readonly delayMs: number = COLLAB_DEFAULTS.idleCollectDelayMs,
  ) {}

  /** A document unloaded: if it was the last, collect once the unloads around it are done. */
  documentUnloaded(): void {
    if (this.timer || !this.idle()) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.idle()) return;
      this.collect().catch((error: unknown) => console.error("collab: collecting garbage after the last document unloaded failed:", error));
    }, this.delayMs).unref();
  }
}
