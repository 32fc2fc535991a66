import * as Y from "yjs";
import type { AgreementContent } from "../agreement";
import { clausesMap, metaTitle, orderedClauses, replaceText } from "../collab/docShape";
import { comparePositions } from "../collab/position";
import type { TopicKey } from "../topics";

/**
 * A draft's content with each clause's fractional position: what a private draft (内部草案) is
 * copied from and compared against when it is tabled. Positions are kept exactly, so a clause the
 * side moved is told apart from one it left in place, and the live draft's order is not rewritten.
 */
export interface SnapshotClause {
  id: string;
  position: string;
  topic: TopicKey;
  title: string;
  body: string;
}

export interface DraftSnapshot {
  title: string;
  /** In document order: ascending position, ties broken by id. */
  clauses: SnapshotClause[];
}

export function readSnapshot(doc: Y.Doc): DraftSnapshot {
  const title = doc.getMap<unknown>("meta").get("title");
  return {
    title: title instanceof Y.Text ? title.toString() : "",
    clauses: orderedClauses(doc).map((c) => ({ id: c.id, position: c.position, topic: c.topic, title: c.title.toString(), body: c.body.toString() })),
  };
}

export function snapshotContent(snapshot: DraftSnapshot): AgreementContent {
  return {
    title: snapshot.title,
    clauses: [...snapshot.clauses].sort(comparePositions).map((c) => ({ id: c.id, topic: c.topic, title: c.title, body: c.body })),
  };
}

/**
 * Brings `doc` to `snapshot` touching only what differs: texts edited in place (unchanged text
 * keeps its identity and everyone's cursors), topics and positions set where they differ, missing
 * clauses added, extra ones deleted. The caller wraps it in a transaction with its origin.
 */
export function writeSnapshot(doc: Y.Doc, snapshot: DraftSnapshot): void {
  replaceText(metaTitle(doc), snapshot.title);
  const clauses = clausesMap(doc);
  const wanted = new Map(snapshot.clauses.map((c) => [c.id, c]));
  for (const id of [...clauses.keys()]) if (!wanted.has(id)) clauses.delete(id);
  const existing = new Map(orderedClauses(doc).map((c) => [c.id, c]));
  for (const clause of snapshot.clauses) {
    const entry = existing.get(clause.id);
    if (!entry) {
      const map = new Y.Map<unknown>();
      map.set("position", clause.position);
      map.set("topic", clause.topic);
      map.set("title", new Y.Text(clause.title));
      map.set("body", new Y.Text(clause.body));
      clauses.set(clause.id, map);
      continue;
    }
    if (entry.position !== clause.position) entry.map.set("position", clause.position);
    if (entry.topic !== clause.topic) entry.map.set("topic", clause.topic);
    replaceText(entry.title, clause.title);
    replaceText(entry.body, clause.body);
  }
}
