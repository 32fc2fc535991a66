import { diffArrays } from "diff";
import { FIGURE_PATTERN, segmentChinese, type SegmentCache } from "./segmentChinese";
import { diffClauseText, type DiffPart } from "./textDiff";

/**
 * Figures (数字条款: money per order, minutes, hours, percentages) are what the two sides trade.
 * A negotiator wants "基础单价 5.5元 → 5元", not a character diff, so we lift them out of the
 * text diff.
 */

/** A number with its unit as it appears in a text, e.g. "5.5元" at offset 30. */
export interface Figure {
  text: string;
  start: number;
  end: number;
}

/**
 * One figure that changed in a clause. `before` is null for a figure only the newer text has,
 * `after` is null for one the newer text dropped (e.g. "最低工资标准的120%" → "最低工资标准").
 */
export interface FigureChange {
  clauseId: string;
  before: string | null;
  after: string | null;
  /** The words just before the figure, e.g. "基础单价每单不低于", to say what the number is. */
  context?: string;
}

/** Longest context kept, in characters; whole words are kept, so it may be shorter. */
export const MAX_CONTEXT_CHARS = 16;

/** Context stops at a clause-separating mark: the phrase before it is about something else. */
const PHRASE_BREAK = /[，,。；;：:、！!？?\n]/u;
const BRACKETS = /[（）()【】「」《》]/gu;
const CONTEXT_LOOKBACK_CHARS = 4 * MAX_CONTEXT_CHARS;

export function extractFigures(text: string): Figure[] {
  return Array.from(text.matchAll(FIGURE_PATTERN), (match) => ({
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * The figures that changed between two texts of one clause, paired by position within each
 * change hunk of the text diff: in "不低于5.5元；…超过3公里" → "不低于5元；…超过4公里" the hunks
 * pair 5.5元 with 5元 and 3公里 with 4公里. Pass `parts` when the diff is already computed.
 */
export function changedFigures(
  clauseId: string,
  before: string,
  after: string,
  parts: DiffPart[] = diffClauseText(before, after),
  segments?: SegmentCache,
): FigureChange[] {
  const beforeFigures = extractFigures(before);
  const afterFigures = extractFigures(after);
  const changes: FigureChange[] = [];

  for (const hunk of changeHunks(parts)) {
    const removed = beforeFigures.filter((figure) => overlaps(figure, hunk.before));
    const added = afterFigures.filter((figure) => overlaps(figure, hunk.after));
    for (const [old, current] of pairFigures(removed, added)) {
      const context = current ? contextBefore(after, current.start, segments) : contextBefore(before, old!.start, segments);
      const change: FigureChange = { clauseId, before: old?.text ?? null, after: current?.text ?? null };
      changes.push(context ? { ...change, context } : change);
    }
  }
  return changes;
}

/**
 * Pairs the figures one hunk removed with those it added, in order. Figures both sides share
 * ("1公里" in "每增加1公里补贴") are left out; unmatched ones pair with undefined.
 */
function pairFigures(removed: Figure[], added: Figure[]): [Figure | undefined, Figure | undefined][] {
  if (removed.length === 0 && added.length === 0) return [];
  const pairs: [Figure | undefined, Figure | undefined][] = [];
  let removedIndex = 0;
  let addedIndex = 0;
  let unpaired: Figure[] = []; // removed figures waiting for the added run that replaces them
  const pairWith = (replacements: Figure[]) => {
    for (let i = 0; i < Math.max(unpaired.length, replacements.length); i++) pairs.push([unpaired[i], replacements[i]]);
    unpaired = [];
  };
  const texts = (figures: Figure[]) => figures.map((figure) => figure.text);
  for (const change of diffArrays(texts(removed), texts(added))) {
    if (change.removed) {
      unpaired.push(...removed.slice(removedIndex, (removedIndex += change.count)));
    } else if (change.added) {
      pairWith(added.slice(addedIndex, (addedIndex += change.count)));
    } else {
      pairWith([]);
      removedIndex += change.count;
      addedIndex += change.count;
    }
  }
  pairWith([]);
  return pairs;
}

interface Range {
  start: number;
  end: number;
}

/** A maximal run of non-equal parts, as the character ranges it covers in each text. */
interface ChangeHunk {
  before: Range;
  after: Range;
}

function changeHunks(parts: DiffPart[]): ChangeHunk[] {
  const hunks: ChangeHunk[] = [];
  let beforeOffset = 0;
  let afterOffset = 0;
  let current: ChangeHunk | null = null;
  for (const part of parts) {
    if (part.kind === "equal") {
      current = null;
      beforeOffset += part.text.length;
      afterOffset += part.text.length;
      continue;
    }
    if (!current) {
      current = { before: { start: beforeOffset, end: beforeOffset }, after: { start: afterOffset, end: afterOffset } };
      hunks.push(current);
    }
    if (part.kind === "delete") current.before.end = beforeOffset += part.text.length;
    else current.after.end = afterOffset += part.text.length;
  }
  return hunks;
}

function overlaps(figure: Figure, range: Range): boolean {
  return figure.start < range.end && range.start < figure.end;
}

/** The whole words before `offset`, back to the last phrase break, at most MAX_CONTEXT_CHARS. */
function contextBefore(text: string, offset: number, segments?: SegmentCache): string {
  // Look a little further back than we keep, so the first kept word is never cut in half.
  let start = Math.max(0, offset - CONTEXT_LOOKBACK_CHARS);
  for (let i = offset - 1; i >= start; i--) {
    if (PHRASE_BREAK.test(text[i] ?? "")) {
      start = i + 1;
      break;
    }
  }
  const words = segmentChinese(text.slice(start, offset).replace(BRACKETS, "").trim(), segments);
  let context = "";
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] ?? "";
    if (context.length + word.length > MAX_CONTEXT_CHARS) break;
    context = word + context;
  }
  return context.trim();
}
