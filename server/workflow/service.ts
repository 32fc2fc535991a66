import { AsyncResource } from "node:async_hooks";
import type { Driver } from "~/db/driver";
import type { SharedDocument } from "../collab/sharedDocument";
import type { EventHub } from "../events/hub";
import { ClauseWatch, type TentativeAgreementCache } from "./clauseWatcher";

/** Workflow state the collaboration pipeline consults on every edit, kept for loaded documents only. */
export class WorkflowService {
  private readonly cache: TentativeAgreementCache = new Map();
  private readonly watches = new Map<string, ClauseWatch>();
  /** Checks still running for documents that unloaded: the server's close waits for them too. */
  private readonly finishing = new Set<Promise<void>>();
  /**
   * The async context the service was made in (server start). Checks run in it, not in the context
   * of whatever edit or command scheduled them: on SQLite a `driver.write` called from inside an
   * open write joins it, and a check must never join (and outlive) a command's transaction.
   */
  private readonly root = new AsyncResource("tongshang.workflow");

  constructor(
    private readonly driver: Driver,
    private readonly events: EventHub,
  ) {}

  /** Called by the registry when a document loads. */
  attach = (shared: SharedDocument): void => {
    const watch = new ClauseWatch(this.driver, this.cache, shared, (id) => this.events.publish(id, { kind: "workflow" }), (fn) =>
      this.root.runInAsyncScope(fn),
    );
    this.watches.set(shared.negotiationId, watch);
    void watch.start();
  };

  /** Called by the registry when a document unloads. Checks already asked for still run (their edits happened). */
  detach = (negotiationId: string): void => {
    const watch = this.watches.get(negotiationId);
    this.watches.delete(negotiationId);
    this.cache.delete(negotiationId);
    if (!watch) return;
    const done = watch.stop();
    this.finishing.add(done);
    void done.then(() => this.finishing.delete(done));
  };

  /**
   * After a tentative agreement is created or confirmed (or a round tabled): checks every live
   * agreement against the text now, so an edit that arrived before the cache knew of the agreement
   * voids it too, and the next edit is checked against it. Resolves when that check and every one
   * before it committed; never rejects. Await it after the command's write, never inside one: the
   * check takes its own write transaction.
   */
  async refresh(negotiationId: string): Promise<void> {
    await this.watches.get(negotiationId)?.check();
    this.events.publish(negotiationId, { kind: "workflow" });
  }

  /** At server shutdown, before the database closes: no new checks, and the ones in line finish. */
  async close(): Promise<void> {
    const running = Array.from(this.watches, ([, watch]) => watch.stop());
    await Promise.all([...running, ...this.finishing]);
  }
}
