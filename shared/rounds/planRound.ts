import type { DraftSnapshot, SnapshotClause } from "./draftSnapshot";

/**
 * 提交本方方案 (docs/SPEC.md R-6…R-8): what tabling a side's private draft does to the live draft,
 * as a pure function of three texts — the base the private draft was copied from, the private
 * draft ("mine") and the live draft as it stands now ("theirs").
 *
 * - A clause the side changed (text, title, topic, added, deleted or moved) since the copy takes
 *   the private draft's version; everything else stays exactly as the live draft has it, even if
 *   someone edited it at the table meanwhile.
 * - A clause whose content both the private draft and the live draft changed since the copy, in
 *   different ways, is a conflict: it is never merged silently; the chief resolves it (keep mine,
 *   keep theirs, or an edited text) before the round can be tabled. Moves do not conflict: the
 *   side's move wins, otherwise the live draft's position stays.
 * The agreement's title is handled like a clause under the key AGREEMENT_TITLE_KEY.
 */
export const AGREEMENT_TITLE_KEY = "@title";

export type Resolution = { choice: "mine" } | { choice: "theirs" } | { choice: "edit"; title: string; body: string };

type ClauseText = Pick<SnapshotClause, "topic" | "title" | "body">;

export interface RoundConflict {
  /** A clause id, or AGREEMENT_TITLE_KEY. */
  key: string;
  base: ClauseText | null;
  mine: ClauseText | null;
  theirs: ClauseText | null;
}

export interface RoundPlan {
  /** The live draft after tabling (also the private draft's new base). */
  result: DraftSnapshot;
  /** Keys the side changed since the copy: nothing to table when empty. */
  proposed: string[];
  /** Keys whose content or position the tabling changes in the live draft. */
  changed: string[];
  /** Clauses the side added (they enter the live draft as 提议 by that side). */
  added: string[];
  /** Conflicts without a (valid) resolution: tabling waits until this is empty. */
  conflicts: RoundConflict[];
}

function sameText(a: ClauseText | undefined, b: ClauseText | undefined): boolean {
  if (!a || !b) return a === b;
  return a.topic === b.topic && a.title === b.title && a.body === b.body;
}

const text = (c: SnapshotClause | undefined): ClauseText | null => (c ? { topic: c.topic, title: c.title, body: c.body } : null);

export function planRound(base: DraftSnapshot, mine: DraftSnapshot, theirs: DraftSnapshot, resolutions: Record<string, Resolution> = {}): RoundPlan {
  const b = new Map(base.clauses.map((c) => [c.id, c]));
  const m = new Map(mine.clauses.map((c) => [c.id, c]));
  const t = new Map(theirs.clauses.map((c) => [c.id, c]));
  const proposed: string[] = [];
  const changed: string[] = [];
  const added: string[] = [];
  const conflicts: RoundConflict[] = [];
  const result: SnapshotClause[] = [];

  // Every clause of any of the three, in the live draft's order, then the side's new ones.
  const keys = [...new Set([...t.keys(), ...m.keys(), ...b.keys()])];
  for (const id of keys) {
    const [bc, mc, tc] = [b.get(id), m.get(id), t.get(id)];
    const mineChanged = !sameText(mc, bc);
    const mineMoved = Boolean(mc && bc && mc.position !== bc.position);
    const theirsChanged = !sameText(tc, bc);
    if (mineChanged || mineMoved) proposed.push(id);
    let chosen: ClauseText | undefined = tc;
    if (mineChanged && theirsChanged && !sameText(mc, tc)) {
      const resolution = resolutions[id];
      if (!resolution) {
        conflicts.push({ key: id, base: text(bc), mine: text(mc), theirs: text(tc) });
        chosen = tc;
      } else if (resolution.choice === "mine") chosen = mc;
      else if (resolution.choice === "theirs") chosen = tc;
      else chosen = { topic: (mc ?? tc)!.topic, title: resolution.title, body: resolution.body };
    } else if (mineChanged) chosen = mc;
    if (!chosen) {
      if (tc) changed.push(id);
      continue;
    }
    // Position: the side's move wins; otherwise the live draft's place, or the side's place for its new clause.
    const position = mineMoved || !tc ? (mc ?? tc)!.position : tc.position;
    const clause: SnapshotClause = { id, position, topic: chosen.topic, title: chosen.title, body: chosen.body };
    if (!tc) added.push(id);
    if (!tc || !sameText(tc, clause) || tc.position !== position) changed.push(id);
    result.push(clause);
  }

  let title = theirs.title;
  const titleMine = mine.title !== base.title;
  if (titleMine) proposed.push(AGREEMENT_TITLE_KEY);
  if (titleMine && theirs.title !== base.title && mine.title !== theirs.title) {
    const resolution = resolutions[AGREEMENT_TITLE_KEY];
    if (!resolution) conflicts.push({ key: AGREEMENT_TITLE_KEY, base: titleText(base.title), mine: titleText(mine.title), theirs: titleText(theirs.title) });
    else title = resolution.choice === "mine" ? mine.title : resolution.choice === "theirs" ? theirs.title : resolution.title;
  } else if (titleMine) title = mine.title;
  if (title !== theirs.title) changed.push(AGREEMENT_TITLE_KEY);

  result.sort((x, y) => (x.position !== y.position ? (x.position < y.position ? -1 : 1) : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { result: { title, clauses: result }, proposed, changed, added, conflicts };
}

function titleText(title: string): ClauseText {
  return { topic: "general", title, body: "" };
}
