import { measureMemory } from "node:vm";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";

/**
 * One full garbage collection, started now. `vm.measureMemory` with eager execution is Node's
 * public way to start one (`global.gc` needs --expose-gc); its measurement is not needed.
 * Node prints an ExperimentalWarning the first time.
 */
export function collectGarbage(): Promise<unknown> {
  return measureMemory({ mode: "summary", execution: "eager" });
}

/**
 * Gives memory back once the node holds no document. V8 collects its old generation only when
 * allocation grows it, so after everyone left a quiet node kept the unloaded documents, their
 * peers' buffers and the load's garbage: RSS 1.17× its idle size in the benchmark (issue 18), while
 * a full collection brought the heap back to its idle size. So when the last document unloads, one
 * collection follows shortly; a burst of unloads collects once, and none runs while a document is
 * loaded or loading again.
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
