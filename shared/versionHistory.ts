import type { AgreementContent, Clause } from "./agreement";
import { movedClauseIds } from "./diff/compareAgreements";
import { diffClauseText, type DiffPart } from "./diff/textDiff";

/**
 * How a negotiation's versions relate to each other: the changed-clause count a timeline shows
 * and one clause's text through every version. Pure; no I/O.
 */

/**
 * How many clauses a comparison of `from` → `to` would mark as changed (added, deleted, moved,
 * retitled, topic or text changed), without computing the text diffs: the same count as
 * `compareAgreements(from, to).clauses.filter(c => c.changes.length).length`, cheaply.
 */
export function countChangedClauses(from: AgreementContent, to: AgreementContent): number {
  const before = new Map(from.clauses.map((c) => [c.id, c]));
  const afterIds = new Set(to.clauses.map((c) => c.id));
  const moved = movedClauseIds(from.clauses, to.clauses);
  let changed = from.clauses.filter((c) => !afterIds.has(c.id)).length;
  for (const clause of to.clauses) {
    const older = before.get(clause.id);
    if (!older || moved.has(clause.id) || older.title !== clause.title || older.topic !== clause.topic || older.body !== clause.body) changed++;
  }
  return changed;
}

export type ClauseStepChange = "added" | "deleted" | "retitled" | "topic" | "text" | "unchanged" | "absent";

/** One step of a clause's history: its text in one version and what changed since the step before. */
export interface ClauseHistoryStep<V> {
  version: V;
  clause: Clause | null;
  /** 1-based article number in that version, null when absent. */
  articleNumber: number | null;
  changes: ClauseStepChange[];
  parts: { title: DiffPart[]; body: DiffPart[] };
}

/**
 * Every version's text of one clause, in the order given, each diffed against the previous
 * version that held the clause (so a clause deleted and later restored shows what came back).
 */
export function clauseHistory<V>(clauseId: string, versions: { version: V; content: AgreementContent }[]): ClauseHistoryStep<V>[] {
  let lastSeen: Clause | null = null; // the clause as the latest version that held it had it
  let presentBefore = false; // whether the version just before held it
  return versions.map(({ version, content }) => {
    const index = content.clauses.findIndex((c) => c.id === clauseId);
    const clause = index >= 0 ? content.clauses[index]! : null;
    const changes: ClauseStepChange[] = [];
    if (!clause) changes.push(presentBefore ? "deleted" : "absent");
    else if (!presentBefore) changes.push("added");
    else if (lastSeen) {
      if (lastSeen.title !== clause.title) changes.push("retitled");
      if (lastSeen.topic !== clause.topic) changes.push("topic");
      if (lastSeen.body !== clause.body) changes.push("text");
      if (changes.length === 0) changes.push("unchanged");
    }
    const parts = clause
      ? { title: diffClauseText(lastSeen?.title ?? "", clause.title), body: diffClauseText(lastSeen?.body ?? "", clause.body) }
      : { title: [], body: [] };
    presentBefore = clause !== null;
    if (clause) lastSeen = clause;
    return { version, clause, articleNumber: clause ? index + 1 : null, changes, parts };
  });
}
