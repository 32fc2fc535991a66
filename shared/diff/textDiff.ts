import { diffArrays } from "diff";
import { FIGURE_PATTERN, figurePieces, tokensOfPieces, type SegmentCache, type TextPiece } from "./segmentChinese";

/**
 * Word-level diff of one clause's text, tuned for a negotiator reading a redline.
 *
 * Invariant (checked by property tests): the `equal` and `delete` parts concatenated give
 * `before`; the `equal` and `insert` parts concatenated give `after`.
 */

export type DiffPartKind = "equal" | "insert" | "delete";

export interface DiffPart {
  kind: DiffPartKind;
  text: string;
}

/**
 * Edit distance, in tokens, beyond which we stop looking for a minimal diff and show the whole
 * text replaced (a run of phrases only added or only removed counts one edit: it needs no alignment).
 * Myers' algorithm costs O(tokens × edits); a clause (at most 50,000 characters)
 * rewritten beyond 1,000 token edits is a new clause to the reader anyway, and a fixed bound —
 * unlike a timeout — gives the same redline on every machine.
 */
export const MAX_EDIT_TOKENS = 1_000;

/**
 * Longest unchanged run, in characters, that is always folded into the surrounding changes (a
 * longer one is when the changes on both sides are longer still, see isBridgeable). "时段和天气"
 * → "夜间和恶劣天气" reads better as one replaced phrase than as changes around a lone "和".
 */
export const MAX_BRIDGE_CHARS = 2;

/**
 * Punctuation is not bridged: changes in two phrases ("10分钟，并减少") or list items ("雨雪、沙尘")
 * stay two changes. The one exception is LIST_ITEM_CHARS.
 */
const PHRASE_BREAK = /[，,、。；;：:！!？?\n]/u;

/**
 * Longest list item, in characters on either side, whose change is folded with the next one's
 * across the lone "、" between them. A list of one-character items (weekdays "一、三、五", grades
 * "甲、乙") reads as one value: the reader gains one replaced "一、三、五 → 二、四、六" instead of
 * three one-character hunks to piece together. A word-long item ("雨雪") is a term negotiated on
 * its own and stays its own change.
 */
export const LIST_ITEM_CHARS = 1;
const LIST_MARK = "、";

/** FIGURE_PATTERN without its global flag: test() on the shared global regex would move its lastIndex, which matchAll copies. */
const HAS_FIGURE = new RegExp(FIGURE_PATTERN.source, "u");

/**
 * `segments` shares the segmenting of word runs between calls: a comparison passes one for all its
 * clauses, whose texts repeat runs ("配送员", "不低于") — segmenting is most of a comparison's cost.
 */
export function diffClauseText(before: string, after: string, segments: SegmentCache = new Map()): DiffPart[] {
  if (before === after) return before ? [{ kind: "equal", text: before }] : [];
  if (!before || !after) return replaceWhole(before, after);

  // Phrases first, tokens only where phrases differ: segmenting is most of a comparison's cost,
  // and a redraft leaves most phrases as they were. Phrases end where no token or figure can
  // continue (see splitPhrases), so each changed run is tokenised exactly as in the whole text.
  const phraseChanges = diffArrays(splitPhrases(before), splitPhrases(after));
  const parts: DiffPart[] = [];
  let editBudget = MAX_EDIT_TOKENS;
  for (let i = 0; i < phraseChanges.length; i++) {
    const change = phraseChanges[i]!;
    if (!change.added && !change.removed) {
      parts.push({ kind: "equal", text: change.value.join("") });
      continue;
    }
    // A changed run: the removed phrases and the added ones that follow them (jsdiff emits removals first).
    let removed = "";
    let added = "";
    for (; i < phraseChanges.length && (phraseChanges[i]!.added || phraseChanges[i]!.removed); i++) {
      if (phraseChanges[i]!.added) added += phraseChanges[i]!.value.join("");
      else removed += phraseChanges[i]!.value.join("");
    }
    i--;
    // A run only removed or only added is one change: there is nothing to align, so nothing to segment.
    if (!removed || !added) {
      parts.push(...replaceWhole(removed, added));
      editBudget -= 1;
      if (editBudget < 0) return replaceWhole(before, after);
      continue;
    }
    // Pieces (figures and the word runs between them) the two sides share at either end have the
    // same tokens on both sides: they are unchanged, and segmenting them is the cost we skip.
    const [older, newer] = [figurePieces(removed), figurePieces(added)];
    let lead = 0;
    while (lead < older.length && lead < newer.length && samePiece(older[lead]!, newer[lead]!)) lead++;
    let trail = 0;
    while (trail < older.length - lead && trail < newer.length - lead && samePiece(older[older.length - 1 - trail]!, newer[newer.length - 1 - trail]!)) trail++;
    parts.push({ kind: "equal", text: joinPieces(older.slice(0, lead)) });
    // diffArrays on our own tokens rather than diffWords({ intlSegmenter }): only our tokeniser keeps
    // "5.5元" whole, and diffWords' whitespace rules are built for spaced languages.
    const tokenChanges = diffArrays(
      tokensOfPieces(older.slice(lead, older.length - trail), segments),
      tokensOfPieces(newer.slice(lead, newer.length - trail), segments),
      { maxEditLength: editBudget },
    );
    if (!tokenChanges) return replaceWhole(before, after);
    for (const token of tokenChanges) {
      const kind: DiffPartKind = token.added ? "insert" : token.removed ? "delete" : "equal";
      if (kind !== "equal") editBudget -= token.count ?? token.value.length;
      parts.push({ kind, text: token.value.join("") });
    }
    parts.push({ kind: "equal", text: joinPieces(older.slice(older.length - trail)) });
  }
  return bridgeShortEquals(coalesce(parts));
}

/**
 * Phrases that concatenate back to `text`. One ends after "。" or a line break, or after a
 * comma-like mark followed by a Chinese character: there the word segmenter always breaks (the
 * full-width comma joins only digits, "1，000") and no figure spans the mark.
 */
export function splitPhrases(text: string): string[] {
  return (text.match(PHRASE) ?? []).filter((phrase) => phrase !== "");
}

const PHRASE = /(?:[^。\n，；、：！？]|[，；、：！？](?!\p{Script=Han}))*(?:[。\n，；、：！？]|$)/gu;

const samePiece = (a: TextPiece, b: TextPiece) => a.figure === b.figure && a.text === b.text;
const joinPieces = (pieces: readonly TextPiece[]) => pieces.map((piece) => piece.text).join("");

/** Merges adjacent parts of one kind, so later passes see each unchanged run whole. */
function coalesce(parts: DiffPart[]): DiffPart[] {
  const result: DiffPart[] = [];
  for (const part of parts) {
    if (!part.text) continue;
    const last = result[result.length - 1];
    if (last?.kind === part.kind) last.text += part.text;
    else result.push({ ...part });
  }
  return result;
}

/** The whole-text fallback: everything before deleted, everything after inserted. */
export function replaceWhole(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  if (before) parts.push({ kind: "delete", text: before });
  if (after) parts.push({ kind: "insert", text: after });
  return parts;
}

/**
 * Readability pass: collapses each run of changes — together with the unchanged runs between them
 * that a reader takes for part of one rewritten phrase (see isBridgeable) — into one phrase-level
 * delete followed by one insert.
 */
function bridgeShortEquals(parts: DiffPart[]): DiffPart[] {
  const result: DiffPart[] = [];
  // The change being built, and the length of its longer side in characters (kept as it grows:
  // measuring it again at each unchanged run would cost quadratic time in a much-edited clause).
  let deleted = "";
  let inserted = "";
  let [deletedLength, insertedLength] = [0, 0];
  // The longer side of the latest change run alone (the list-item rule looks at one item).
  let [itemDeleted, itemInserted] = [0, 0];

  const flushChange = () => {
    if (deleted) result.push({ kind: "delete", text: deleted });
    if (inserted) result.push({ kind: "insert", text: inserted });
    deleted = inserted = "";
    deletedLength = insertedLength = itemDeleted = itemInserted = 0;
  };

  // `parts` is coalesced: unchanged runs alternate with change runs (a delete, an insert or both).
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.kind === "delete") {
      deleted += part.text;
      deletedLength += charCount(part.text);
      itemDeleted += charCount(part.text);
    } else if (part.kind === "insert") {
      inserted += part.text;
      insertedLength += charCount(part.text);
      itemInserted += charCount(part.text);
    } else if ((deleted !== "" || inserted !== "") && isBridgeable(part.text, Math.max(deletedLength, insertedLength), Math.max(itemDeleted, itemInserted), () => nextChangeLength(parts, i + 1))) {
      itemDeleted = itemInserted = 0;
      deleted += part.text;
      inserted += part.text;
      const length = charCount(part.text);
      deletedLength += length;
      insertedLength += length;
    } else {
      flushChange();
      result.push({ ...part });
    }
  }
  flushChange();
  return result;
}

/** The longer side, in characters, of the change run that starts at `index` (0 if none does). */
function nextChangeLength(parts: DiffPart[], index: number): number {
  let [deleted, inserted] = [0, 0];
  for (let i = index; i < parts.length && parts[i]!.kind !== "equal"; i++) {
    if (parts[i]!.kind === "delete") deleted += charCount(parts[i]!.text);
    else inserted += charCount(parts[i]!.text);
  }
  return Math.max(deleted, inserted);
}

const charCount = (text: string) => Array.from(text).length;

/**
 * Whether an unchanged run between two changes is folded into them. It is when it is at most
 * MAX_BRIDGE_CHARS long, or no longer than the change on either side — diff-match-patch's semantic
 * cleanup rule, here on whole words: in "每月组织一次配送员理论培训 → 每季度安排两次配送员实操演练" the
 * lone "配送员" is a coincidence inside one rewritten phrase, not a second place to look. Never
 * across a phrase mark (changes in two phrases or list items stay two changes; `lastItem`, the
 * latest change alone, decides the one-character list items of LIST_ITEM_CHARS) nor over a figure
 * (an unchanged traded figure stays visibly unchanged).
 */
function isBridgeable(text: string, before: number, lastItem: number, afterOf: () => number): boolean {
  // Cheap refusals first: most unchanged runs are long (a code point is at most two UTF-16 units).
  if (text.length > 2 * Math.max(MAX_BRIDGE_CHARS, before)) return false;
  const after = afterOf();
  if (after === 0) return false; // no change follows: the run ends the change
  if (text === LIST_MARK) return lastItem <= LIST_ITEM_CHARS && after <= LIST_ITEM_CHARS;
  if (charCount(text) > Math.max(MAX_BRIDGE_CHARS, Math.min(before, after)) || PHRASE_BREAK.test(text)) return false;
  return !HAS_FIGURE.test(text);
}
