/**
 * Tokenisation of clause text for a word-level diff.
 *
 * Chinese has no spaces between words, so a character diff shreds "中位数 → 平均值" into
 * scattered characters and a whitespace split treats a whole sentence as one word. We use the
 * platform's dictionary segmenter (`Intl.Segmenter`, granularity "word") and add two rules of our
 * own, because the segmenter splits "5.5元" into "5.5" + "元" and "10%" into "10" + "%":
 *  - a number keeps its decimals, thousands separators, percent sign and unit: "5.5元", "60万元",
 *    "30日", "10%", "22时", "4小时", "20分钟" are single tokens, so "5.5元 → 5元" is one change;
 *  - every punctuation mark is its own token, so a changed comma never drags a word with it.
 * Concatenating the tokens always gives back the input exactly.
 */

/**
 * Units a figure in a clause may carry, longest first where one is a prefix of another
 * ("小时" before "时", "分钟" before "分"), so the regex takes the longest match.
 * Cross-reference words (条, 款, 章) are deliberately absent: "第3条" is a reference, not a term.
 */
export const FIGURE_UNITS = [
  // money
  "万元", "亿元", "千元", "元", "角",
  // time
  "个工作日", "工作日", "个小时", "小时", "分钟", "秒钟", "个月", "学时", "周岁", "年", "月", "周", "日", "天", "时", "分", "秒",
  // distance, weight, temperature
  "千米", "公里", "米", "公斤", "千克", "克", "℃", "度",
  // counts and multiples
  "倍", "次", "单", "人", "名", "岁",
  // percent and per-mille
  "%", "％", "‰",
] as const;

const DIGIT = "[0-9０-９]";
const unitAlternation = [...FIGURE_UNITS]
  .sort((a, b) => b.length - a.length)
  .map((unit) => unit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
  .join("|");

/**
 * A figure: digits (ASCII or full-width) with optional thousands separators, then optional
 * decimals or a fraction, then an optional unit. Never starts after a Latin letter, digit or dot,
 * so that "v2.0" and "ISO9001" stay whole words for the segmenter.
 */
export const FIGURE_PATTERN = new RegExp(
  `(?<![A-Za-z0-9_.．０-９])` +
    `(?:${DIGIT}{1,3}(?:,${DIGIT}{3})+(?!${DIGIT})|${DIGIT}+)` +
    `(?:[.．]${DIGIT}+|/${DIGIT}+)?` +
    `(?:${unitAlternation})?`,
  "gu",
);

/** Non-word characters that are each a token of their own: everything but whitespace. */
const WHITESPACE_RUN = /^\s+$/u;

type WordSegmenter = { segment(text: string): Iterable<{ segment: string; isWordLike?: boolean }> };

let cachedSegmenter: WordSegmenter | null | undefined;

/** One segmenter per process: constructing an ICU segmenter costs far more than using one. */
function wordSegmenter(): WordSegmenter | null {
  if (cachedSegmenter === undefined) {
    cachedSegmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  }
  return cachedSegmenter;
}

/** Where the platform lacks Intl.Segmenter: Latin words and whitespace runs whole, one token per other character. */
const FALLBACK_TOKEN = /[A-Za-z]+|\s+|[\s\S]/gu;

function segmentWords(text: string, tokens: string[]): void {
  const segmenter = wordSegmenter();
  if (!segmenter) {
    for (const match of text.matchAll(FALLBACK_TOKEN)) tokens.push(match[0]);
    return;
  }
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike || WHITESPACE_RUN.test(segment)) tokens.push(segment);
    else tokens.push(...Array.from(segment)); // punctuation: one mark per token
  }
}

/** One piece of a text: a figure (one token) or the run of words between two figures. */
export interface TextPiece {
  text: string;
  figure: boolean;
}

/**
 * The text cut at its figures. Runs between figures are segmented on their own, so a text's
 * tokens are the concatenation of its pieces' tokens: two texts sharing leading or trailing pieces
 * share those tokens too, and need not be segmented there (see diffClauseText).
 */
export function figurePieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let cursor = 0;
  for (const match of text.matchAll(FIGURE_PATTERN)) {
    const start = match.index;
    if (start > cursor) pieces.push({ text: text.slice(cursor, start), figure: false });
    pieces.push({ text: match[0], figure: true });
    cursor = start + match[0].length;
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor), figure: false });
  return pieces;
}

/** Word run → its tokens: shares the segmenting of runs that repeat (the two sides of a clause, a comparison's clauses). */
export type SegmentCache = Map<string, string[]>;

/** The tokens of some pieces; `cache` shares the segmenting of runs that repeat. */
export function tokensOfPieces(pieces: readonly TextPiece[], cache?: SegmentCache): string[] {
  const tokens: string[] = [];
  for (const piece of pieces) {
    if (piece.figure) {
      tokens.push(piece.text);
      continue;
    }
    if (!cache) {
      segmentWords(piece.text, tokens);
      continue;
    }
    let cached = cache.get(piece.text);
    if (!cached) {
      cached = [];
      segmentWords(piece.text, cached);
      cache.set(piece.text, cached);
    }
    for (const token of cached) tokens.push(token);
  }
  return tokens;
}

/**
 * Splits text into diff tokens; `segmentChinese(text).join("") === text` always holds. Pass a
 * `cache` to share work between texts that repeat runs (the two sides of one clause): the runs
 * between figures are segmented on their own, so each is looked up whole.
 */
export function segmentChinese(text: string, cache?: SegmentCache): string[] {
  return tokensOfPieces(figurePieces(text), cache);
}
