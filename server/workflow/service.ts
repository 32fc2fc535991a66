import type { Db } from "../../db/client";
import type { SharedDocument } from "../collab/sharedDocument";
import type { EventHub } from "../events/hub";
import { cacheTentativeAgreements, watchClauses, type TentativeAgreementCache } from "./clauseWatcher";

/** Workflow state the collaboration pipeline consults on every edit, kept for loaded documents only. */
export class WorkflowService {
  private readonly cache: TentativeAgreementCache = new Map();

  constructor(
    private readonly db: Db,
    private readonly events: EventHub,
  ) {}

  /** Called by the registry when a document loads. */
  attach = (shared: SharedDocument): void => watchClauses(this.db, this.cache, shared, (id) => this.events.publish(id, { kind: "workflow" }));

  /** Called by the registry when a document unloads. */
  detach = (negotiationId: string): void => {
    this.cache.delete(negotiationId);
  };

  /** After a tentative agreement is created or confirmed, so the next edit is checked against it. */
  refresh(negotiationId: string): void {
    if (this.cache.has(negotiationId)) cacheTentativeAgreements(this.db, this.cache, negotiationId);
    this.events.publish(negotiationId, { kind: "workflow" });
  }
}
