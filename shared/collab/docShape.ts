import * as Y from "yjs";
import type { AgreementContent, Clause } from "../agreement";
import { isTopicKey, type TopicKey } from "../topics";
import { comparePositions, initialPositions, positionBetween } from "./position";

/**
 * The live draft's Yjs shape, fixed by the contract:
 *   doc.getMap('clauses'): clauseId → Y.Map { position: string, topic: TopicKey, title: Y.Text, body: Y.Text }
 *   doc.getMap('meta'):    title → Y.Text
 * Readers tolerate malformed entries (a hostile client may write anything): they are skipped.
 */
export const CLAUSES_KEY = "clauses";
export const META_KEY = "meta";

export interface ClauseEntry {
  id: string;
  position: string;
  topic: TopicKey;
  title: Y.Text;
  body: Y.Text;
  map: Y.Map<unknown>;
}

export function clausesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(CLAUSES_KEY);
}

export function metaTitle(doc: Y.Doc): Y.Text {
  const meta = doc.getMap<unknown>(META_KEY);
  let title = meta.get("title");
  if (!(title instanceof Y.Text)) {
    title = new Y.Text();
    meta.set("title", title);
  }
  return title as Y.Text;
}

function readTitle(doc: Y.Doc): string {
  const title = doc.getMap<unknown>(META_KEY).get("title");
  return title instanceof Y.Text ? title.toString() : "";
}

/** Clause entries in document order: ascending position, ties broken by id. */
export function orderedClauses(doc: Y.Doc): ClauseEntry[] {
  const entries: ClauseEntry[] = [];
  clausesMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const position = value.get("position");
    const topic = value.get("topic");
    const title = value.get("title");
    const body = value.get("body");
    if (typeof position !== "string" || !(title instanceof Y.Text) || !(body instanceof Y.Text)) return;
    entries.push({ id, position, topic: isTopicKey(topic) ? topic : "other", title, body, map: value });
  });
  return entries.sort(comparePositions);
}

export function readAgreement(doc: Y.Doc): AgreementContent {
  return {
    title: readTitle(doc),
    clauses: orderedClauses(doc).map((c) => ({ id: c.id, topic: c.topic, title: c.title.toString(), body: c.body.toString() })),
  };
}

function newClauseMap(clause: Omit<Clause, "id">, position: string): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set("position", position);
  map.set("topic", clause.topic);
  map.set("title", new Y.Text(clause.title));
  map.set("body", new Y.Text(clause.body));
  return map;
}

/** Replaces a Y.Text's content by editing only the changed middle, so unchanged text keeps its identity (and remote cursors). */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current[start] === next[start]) start++;
  let end = 0;
  while (end < max - start && current[current.length - 1 - end] === next[next.length - 1 - end]) end++;
  text.delete(start, current.length - start - end);
  text.insert(start, next.slice(start, next.length - end));
}

/**
 * Brings the document to `content` with the smallest change: texts edited in place, missing
 * clauses added, extra ones deleted, positions rewritten only where the order differs.
 * Used for seeding, import and restore, always inside one transaction with the caller's origin.
 */
export function applyAgreement(doc: Y.Doc, content: AgreementContent, origin: unknown): void {
  doc.transact(() => {
    replaceText(metaTitle(doc), content.title);
    const clauses = clausesMap(doc);
    const wanted = new Set(content.clauses.map((c) => c.id));
    for (const id of [...clauses.keys()]) if (!wanted.has(id)) clauses.delete(id);
    const existing = new Map(orderedClauses(doc).map((c) => [c.id, c]));
    const currentOrder = [...existing.keys()].filter((id) => wanted.has(id));
    const targetOrder = content.clauses.map((c) => c.id).filter((id) => existing.has(id));
    const sameOrder = currentOrder.length === targetOrder.length && currentOrder.every((id, i) => id === targetOrder[i]);
    const positions = initialPositions(content.clauses.length);
    content.clauses.forEach((clause, i) => {
      const entry = existing.get(clause.id);
      if (!entry) {
        clauses.set(clause.id, newClauseMap(clause, positions[i]));
        return;
      }
      if (entry.topic !== clause.topic) entry.map.set("topic", clause.topic);
      replaceText(entry.title, clause.title);
      replaceText(entry.body, clause.body);
      if (!sameOrder || existing.size !== content.clauses.length) entry.map.set("position", positions[i]);
    });
  }, origin);
}

/** Adds a clause right after `afterId` (or at the end); returns its position. */
export function insertClause(doc: Y.Doc, clause: Clause, afterId: string | null): string {
  const order = orderedClauses(doc);
  const index = afterId === null ? order.length - 1 : order.findIndex((c) => c.id === afterId);
  const before = index >= 0 ? order[index].position : "";
  const after = index + 1 < order.length ? order[index + 1].position : null;
  const position = before === after || (after !== null && before >= after) ? positionBetween(before, null) : positionBetween(before, after);
  clausesMap(doc).set(clause.id, newClauseMap(clause, position));
  return position;
}

/** Moves a clause to `toIndex` in document order by rewriting only its position. */
export function moveClause(doc: Y.Doc, clauseId: string, toIndex: number): void {
  const order = orderedClauses(doc);
  const moving = order.find((c) => c.id === clauseId);
  if (!moving) return;
  const rest = order.filter((c) => c.id !== clauseId);
  const index = Math.max(0, Math.min(toIndex, rest.length));
  const before = index > 0 ? rest[index - 1].position : "";
  const after = index < rest.length ? rest[index].position : null;
  // Equal neighbours (a tie from concurrent inserts) leave no key between them: go just after `before`.
  const position = after !== null && before >= after ? positionBetween(before, null) : positionBetween(before, after);
  moving.map.set("position", position);
}

export function deleteClause(doc: Y.Doc, clauseId: string): void {
  clausesMap(doc).delete(clauseId);
}

export function setClauseTopic(doc: Y.Doc, clauseId: string, topic: TopicKey): void {
  const map = clausesMap(doc).get(clauseId);
  if (map instanceof Y.Map) map.set("topic", topic);
}

/** A fresh document holding `content`, built with the same code as every server-side change. */
export function documentFromAgreement(content: AgreementContent): Y.Doc {
  const doc = new Y.Doc();
  applyAgreement(doc, content, null);
  return doc;
}
