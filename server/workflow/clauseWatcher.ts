import { eq } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findMembership } from "../../db/queries/negotiations";
import { liveTentativeAgreements, upsertClauseState } from "../../db/queries/workflow";
import { negotiations, tentativeAgreements } from "../../db/schema";
import { clausesMap } from "../../shared/collab/docShape";
import { actingSide } from "../policies/clause";
import { LOAD_ORIGIN, type ChangeOrigin, type SharedDocument } from "../collab/sharedDocument";
import { clauseContentHash } from "./clauseHash";

/** Live tentative agreements of loaded documents, by negotiation then clause: checked on every edit. */
export type TentativeAgreementCache = Map<string, Map<string, { id: string; contentHash: string }>>;

export function cacheTentativeAgreements(db: Db, cache: TentativeAgreementCache, negotiationId: string): void {
  const live = liveTentativeAgreements(db, negotiationId);
  cache.set(negotiationId, new Map([...live].map(([clauseId, ta]) => [clauseId, { id: ta.id, contentHash: ta.contentHash }])));
}

/**
 * Watches a loaded draft for what the workflow must know (docs/SPEC.md W-3, W-5):
 * - an edit to the title or body of a clause under a tentative agreement voids it, audited;
 * - a clause someone adds is recorded as 提议 by that person's side.
 * Runs inside the update pipeline, so it costs one map lookup per keystroke on an open clause.
 */
export function watchClauses(db: Db, cache: TentativeAgreementCache, shared: SharedDocument, notify: (negotiationId: string) => void): void {
  const negotiationId = shared.negotiationId;
  cacheTentativeAgreements(db, cache, negotiationId);
  const clauses = clausesMap(shared.doc);
  // The ledger counts progress in SQL (docs/SPEC.md L-4): keep the draft's clause count beside it.
  let counted = -1;
  const recount = () => {
    if (clauses.size === counted) return;
    counted = clauses.size;
    db.update(negotiations).set({ clauseCount: counted }).where(eq(negotiations.id, negotiationId)).run();
  };
  recount();
  clauses.observeDeep((events, transaction) => {
    recount();
    if (transaction.origin === LOAD_ORIGIN) return;
    const origin = transaction.origin as ChangeOrigin | null;
    const live = cache.get(negotiationId);
    // Typing where no clause has a tentative agreement (most keystrokes) needs no paths: only an
    // entry added to or removed from the clause map matters then, and that event is the map's own.
    const watching = live !== undefined && live.size > 0;
    // Every clause this change touched: typed into, a field replaced, the entry replaced or deleted.
    // Whether its agreement still holds is then decided by the text itself, not by how it changed.
    const touched = new Set<string>();
    const added: string[] = [];
    for (const event of events) {
      if (event.target === clauses) {
        event.changes.keys.forEach((change, key) => {
          if (change.action === "add") added.push(key);
          touched.add(key);
        });
      } else if (watching && typeof event.path[0] === "string") {
        touched.add(event.path[0]);
      }
    }
    const now = Date.now();
    for (const clauseId of touched) {
      const ta = live?.get(clauseId);
      if (!ta) continue;
      const entry = clauses.get(clauseId);
      const title = entry instanceof Y.Map ? entry.get("title") : undefined;
      const body = entry instanceof Y.Map ? entry.get("body") : undefined;
      const stillSame = title instanceof Y.Text && body instanceof Y.Text && clauseContentHash(title.toString(), body.toString()) === ta.contentHash;
      if (stillSame) continue;
      live!.delete(clauseId);
      const reason = clauses.has(clauseId) ? "text_changed" : "clause_deleted";
      db.transaction((tx) => {
        tx.update(tentativeAgreements).set({ voidedAt: now, voidReason: reason }).where(eq(tentativeAgreements.id, ta.id)).run();
        upsertClauseState(tx, { negotiationId, clauseId, status: "negotiating", proposedBySide: null, updatedBy: origin?.userId ?? null, updatedAt: now });
        appendAudit(tx, { negotiationId, actorId: origin?.userId ?? null, action: "ta.voided", detail: { clauseId, taId: ta.id, reason, by: origin?.label ?? "unknown" } });
      });
      notify(negotiationId);
    }
    if (added.length > 0 && origin?.userId && origin.label === "client") {
      const side = actingSide(findMembership(db, negotiationId, origin.userId));
      if (side) for (const clauseId of added) upsertClauseState(db, { negotiationId, clauseId, status: "proposed", proposedBySide: side, updatedBy: origin.userId, updatedAt: now });
      notify(negotiationId);
    }
  });
}
