import type { AgreementContent, Clause } from "../agreement";
import { TOPIC_KEYS, type TopicKey } from "../topics";
import { changedFigures, type FigureChange } from "./figures";
import type { SegmentCache } from "./segmentChinese";
import { diffClauseText, type DiffPart } from "./textDiff";

/**
 * The comparison of two versions of an agreement, clause by clause (the contract's compare.json
 * without the `from`/`to` ids the route adds). Clauses are matched by id, never by position:
 * inserting a clause renumbers everything after it (第十九条 becomes 第二十条) without changing it.
 */

export type ClauseChange = "added" | "deleted" | "moved" | "retitled" | "topic" | "text";

export interface ClauseComparison {
  id: string;
  /** The newer topic; the older one for a deleted clause. */
  topic: TopicKey;
  /** Set when the topic changed. */
  beforeTopic?: TopicKey;
  /** The newer title; the older one for a deleted clause. */
  title: string;
  /** Set when the title changed. */
  beforeTitle?: string;
  /** Empty when the clause is unchanged. */
  changes: ClauseChange[];
  /** 1-based place in each version (第N条), null where the clause is absent. */
  articleNumber: { before: number | null; after: number | null };
  parts: { title: DiffPart[]; body: DiffPart[] };
  figures: FigureChange[];
}

export interface TopicSummary {
  topic: TopicKey;
  changedClauses: number;
  figures: number;
}

export interface AgreementComparison {
  /** Every clause of either version, in the newer version's order; a deleted clause follows its predecessor in the older one. */
  clauses: ClauseComparison[];
  /** All changed figures, in clause order. */
  figures: FigureChange[];
  /** One entry per topic used by either version, in the canonical topic order. */
  summary: TopicSummary[];
  titleChanged: boolean;
}

export function compareAgreements(from: AgreementContent, to: AgreementContent): AgreementComparison {
  const fromIndex = new Map(from.clauses.map((clause, index) => [clause.id, index]));
  const toIndex = new Map(to.clauses.map((clause, index) => [clause.id, index]));
  const moved = movedClauseIds(from.clauses, to.clauses);
  // One segmenting cache for the whole comparison: clauses repeat their word runs.
  const segments: SegmentCache = new Map();

  const clauses = mergedOrder(from.clauses, to.clauses).map((clause) => {
    const before = fromIndex.get(clause.id);
    const after = toIndex.get(clause.id);
    return compareClause(
      before === undefined ? undefined : from.clauses[before],
      after === undefined ? undefined : to.clauses[after],
      { moved: moved.has(clause.id), articleNumber: { before: articleOf(before), after: articleOf(after) }, segments },
    );
  });

  return {
    clauses,
    figures: clauses.flatMap((clause) => clause.figures),
    summary: summarise(clauses),
    titleChanged: from.title !== to.title,
  };
}

const articleOf = (index: number | undefined) => (index === undefined ? null : index + 1);

function compareClause(
  older: Clause | undefined,
  newer: Clause | undefined,
  { moved, articleNumber, segments }: { moved: boolean; articleNumber: ClauseComparison["articleNumber"]; segments: SegmentCache },
): ClauseComparison {
  const clause = (newer ?? older)!;
  const beforeTitle = older?.title ?? "";
  const beforeBody = older?.body ?? "";
  const title = newer?.title ?? "";
  const body = newer?.body ?? "";
  const parts = { title: diffClauseText(beforeTitle, title, segments), body: diffClauseText(beforeBody, body, segments) };

  const changes: ClauseChange[] = [];
  const comparison: ClauseComparison = {
    id: clause.id,
    topic: clause.topic,
    title: clause.title,
    changes,
    articleNumber,
    parts,
    figures: [],
  };
  if (!older) changes.push("added");
  else if (!newer) changes.push("deleted");
  else {
    if (moved) changes.push("moved");
    if (older.title !== newer.title) {
      changes.push("retitled");
      comparison.beforeTitle = older.title;
    }
    if (older.topic !== newer.topic) {
      changes.push("topic");
      comparison.beforeTopic = older.topic;
    }
    if (older.body !== newer.body) changes.push("text");
    // A wholly added or deleted clause is shown whole; listing each of its numbers adds only noise.
    comparison.figures = [
      ...changedFigures(clause.id, older.title, newer.title, parts.title, segments),
      ...changedFigures(clause.id, older.body, newer.body, parts.body, segments),
    ];
  }
  return comparison;
}

/**
 * The newer version's clauses, with each deleted clause placed right after its predecessor in
 * the older version (after the other deleted clauses that follow that predecessor, in order).
 */
function mergedOrder(older: Clause[], newer: Clause[]): Clause[] {
  const newerIds = new Set(newer.map((clause) => clause.id));
  const deletedAfter = new Map<string | null, Clause[]>(); // predecessor id (null: the start) → deleted clauses
  older.forEach((clause, index) => {
    if (newerIds.has(clause.id)) return;
    const predecessor = index > 0 ? older[index - 1]!.id : null;
    deletedAfter.set(predecessor, [...(deletedAfter.get(predecessor) ?? []), clause]);
  });

  const order: Clause[] = [];
  const place = (clause: Clause) => {
    order.push(clause);
    for (const deleted of deletedAfter.get(clause.id) ?? []) place(deleted);
  };
  for (const deleted of deletedAfter.get(null) ?? []) place(deleted);
  newer.forEach(place);
  return order;
}

/**
 * Clauses whose order relative to the other surviving clauses changed. The longest run of common
 * clauses that kept their relative order stays put; everything else moved. So moving one clause
 * marks only that clause, and insertions or deletions (which renumber) mark nothing.
 */
export function movedClauseIds(older: Clause[], newer: Clause[]): Set<string> {
  const olderIndex = new Map(older.map((clause, index) => [clause.id, index]));
  const common = newer.filter((clause) => olderIndex.has(clause.id));
  const kept = longestIncreasingSubsequence(common.map((clause) => olderIndex.get(clause.id)!));
  return new Set(common.filter((_, index) => !kept.has(index)).map((clause) => clause.id));
}

/** Indices of one longest strictly increasing subsequence of `values`, in O(n log n) (patience sorting). */
export function longestIncreasingSubsequence(values: number[]): Set<number> {
  const tails: number[] = []; // tails[k]: index of the smallest last value of an increasing run of length k + 1
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let index = tails[tails.length - 1] ?? -1; index >= 0; index = previous[index]!) kept.add(index);
  return kept;
}

function summarise(clauses: ClauseComparison[]): TopicSummary[] {
  const byTopic = new Map<TopicKey, TopicSummary>();
  for (const clause of clauses) {
    const summary = byTopic.get(clause.topic) ?? { topic: clause.topic, changedClauses: 0, figures: 0 };
    if (clause.changes.length > 0) summary.changedClauses += 1;
    summary.figures += clause.figures.length;
    byTopic.set(clause.topic, summary);
    if (clause.beforeTopic && !byTopic.has(clause.beforeTopic)) {
      byTopic.set(clause.beforeTopic, { topic: clause.beforeTopic, changedClauses: 0, figures: 0 });
    }
  }
  return TOPIC_KEYS.flatMap((topic) => byTopic.get(topic) ?? []);
}
