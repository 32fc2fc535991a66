import * as Y from "yjs";
import type { Driver } from "~/db/driver";
import { appendAudit } from "~/db/audit";
import { CLAUSE_ID_PATTERN } from "~/shared/agreement";
import { clausesMap, META_KEY, orderedClauses } from "~/shared/collab/docShape";
import { positionBetween } from "~/shared/collab/position";
import { isTopicKey } from "~/shared/topics";
import { LOAD_ORIGIN, type ChangeOrigin, type SharedDocument } from "./sharedDocument";

const CLAUSE_FIELDS = new Set(["position", "topic", "title", "body"]);
const REPAIR_ORIGIN: ChangeOrigin = { userId: null, label: "repair" };

/**
 * Keeps the live draft in the contract's shape (docs/SPEC.md C-11). A client may send a valid Yjs
 * update of the wrong shape — a clause that is a string, a numeric position, an unknown topic, a
 * title that is not text, a stray field. Yjs cannot refuse part of an update, so right after such a
 * change the server writes the repair as its own change (stored and relayed like any edit, so
 * every replica converges on the repaired shape) and records who caused it in the audit chain.
 */
export function guardShape(shared: SharedDocument, driver: Driver): void {
  const doc = shared.doc;
  const clauses = clausesMap(doc);
  const meta = doc.getMap<unknown>(META_KEY);

  const repairLater = (keys: Map<string, boolean>, titleToo: boolean, origin: ChangeOrigin | null) => {
    queueMicrotask(() => {
      if (doc.isDestroyed) return;
      // A microtask has no caller to catch for it: a throw here (the audit write, an observer of
      // the repair) would end the process, so it is logged and the next change is guarded again.
      const failed = (error: unknown) => console.error(`collab: repairing the shape of ${shared.negotiationId} failed:`, error);
      try {
        const repaired: string[] = [];
        doc.transact(() => {
          for (const [key, added] of keys) if (repairClause(clauses, key, added)) repaired.push(key);
          if (titleToo && !(meta.get("title") instanceof Y.Text)) {
            const value = meta.get("title");
            meta.set("title", new Y.Text(typeof value === "string" ? value : ""));
            repaired.push("meta.title");
          }
        }, REPAIR_ORIGIN);
        if (repaired.length > 0) {
          const entry = { negotiationId: shared.negotiationId, actorId: origin?.userId ?? null, action: "doc.shape_repaired", detail: { repaired: repaired.slice(0, 50) } };
          driver
            .write(async (tx) => {
              await appendAudit(tx, entry);
            })
            .catch(failed);
        }
      } catch (error) {
        failed(error);
      }
    });
  };

  clauses.observeDeep((events, transaction) => {
    if (transaction.origin === LOAD_ORIGIN || transaction.origin === REPAIR_ORIGIN) return;
    // Each touched clause, and whether it was added by this change (then it must arrive complete).
    const keys = new Map<string, boolean>();
    for (const event of events) {
      if (event.target === clauses) event.changes.keys.forEach((change, key) => change.action !== "delete" && keys.set(key, true));
      else if (event.target instanceof Y.Map && event.path.length === 1 && !keys.has(String(event.path[0]))) keys.set(String(event.path[0]), false);
    }
    if (keys.size > 0) repairLater(keys, false, transaction.origin as ChangeOrigin | null);
  });
  meta.observe((event, transaction) => {
    if (transaction.origin === LOAD_ORIGIN || transaction.origin === REPAIR_ORIGIN) return;
    if (event.keysChanged.has("title")) repairLater(new Map(), true, transaction.origin as ChangeOrigin | null);
  });
}

/**
 * Brings one clause entry back to the contract's shape; returns whether anything changed. A clause
 * is created whole (all four fields in one change): a new entry without its texts is removed, an
 * existing one whose field was damaged is mended, so no text anyone wrote is lost.
 */
function repairClause(clauses: Y.Map<Y.Map<unknown>>, key: string, added: boolean): boolean {
  if (!clauses.has(key)) return false;
  const entry: unknown = clauses.get(key);
  const incomplete = entry instanceof Y.Map && !(entry.get("title") instanceof Y.Text && entry.get("body") instanceof Y.Text);
  if (!CLAUSE_ID_PATTERN.test(key) || !(entry instanceof Y.Map) || (added && incomplete)) {
    clauses.delete(key);
    return true;
  }
  let changed = false;
  for (const field of [...entry.keys()]) {
    if (!CLAUSE_FIELDS.has(field)) {
      entry.delete(field);
      changed = true;
    }
  }
  const position = entry.get("position");
  if (typeof position !== "string" || !/^[0-9A-Za-z]{1,200}$/.test(position) || position.endsWith("0")) {
    const others = orderedClauses(clauses.doc!).filter((c) => c.id !== key);
    entry.set("position", positionBetween(others.at(-1)?.position ?? "", null));
    changed = true;
  }
  if (!isTopicKey(entry.get("topic"))) {
    entry.set("topic", "other");
    changed = true;
  }
  for (const field of ["title", "body"] as const) {
    const value = entry.get(field);
    if (!(value instanceof Y.Text)) {
      entry.set(field, new Y.Text(typeof value === "string" ? value : ""));
      changed = true;
    }
  }
  return changed;
}
