/**
 * Line breaking for the PDF export: Chinese text with the usual 避头尾 (kinsoku) rules.
 *
 * pdfkit's own wrapper is not used for the agreement text: when a paragraph mixes fonts
 * (`continued: true`, for the bold 第一条 before the body), a word no break opportunity splits that
 * is wider than the line but narrower than the line plus the continued offset is pushed to a new
 * line whole and runs off the right margin (seen with a 64-digit content hash). Breaking lines here
 * keeps every character inside the type area and lets the PDF justify lines as a printed document does.
 * Pure: widths come from the caller.
 */

/** Characters that may not begin a line (GB/T 15834 标点符号用法, and their ASCII forms). */
const NO_LINE_START = new Set(Array.from("，。、；：？！）》」』】〕〉〗〙’”…—～·%‰℃,.;:?!)]}>\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09\uff3d\uff5d"));
/** Characters that may not end a line. */
const NO_LINE_END = new Set(Array.from("（《「『【〔〈〖〘‘“([{<￥¥$\uff08\uff3b\uff5b"));
/** Letters and digits of alphabetic scripts and ASCII symbols stick together as words (5.5元, QC-2026-001). */
const WORD_CHAR = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\x21-\x7e]$/u;
const COMBINING = /^\p{M}$/u;

export interface BreakableChar<S> {
  ch: string;
  style: S;
}

export interface BrokenLine<S> {
  chars: BreakableChar<S>[];
  /** Width of the line without its trailing spaces. */
  width: number;
  /** The width available to this line (the first line is shorter by the indent). */
  available: number;
  /** Whether this is the paragraph's last line (not justified). */
  last: boolean;
}

/** Whether a line may break between `before` and `after`. */
export function canBreakBetween(before: string, after: string): boolean {
  if (after === " ") return false; // spaces hang at the end of the line
  if (before === " ") return true;
  if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) return false;
  if (COMBINING.test(after)) return false;
  if (before === after && (after === "—" || after === "…")) return false;
  if (WORD_CHAR.test(before) && WORD_CHAR.test(after)) return false;
  return true;
}

/**
 * Breaks one paragraph into lines no wider than `width` (the first line `width - firstLineIndent`).
 * `measure` gives the width of a run of characters as the renderer will set it: runs are measured
 * whole because shaping and kerning make a run's width differ from the sum of its characters'
 * (49 × "x" in Noto Serif SC is 3 pt wider than 49 single "x"). Every input character appears in
 * exactly one line, in order; a run without break opportunities wider than a line is split
 * between characters as a last resort.
 */
export function breakLines<S>(
  chars: readonly BreakableChar<S>[],
  measure: (run: readonly BreakableChar<S>[]) => number,
  options: { width: number; firstLineIndent?: number },
): BrokenLine<S>[] {
  const firstAvailable = options.width - (options.firstLineIndent ?? 0);
  const lines: BrokenLine<S>[] = [];
  let current: BreakableChar<S>[] = [];
  let currentWidth = 0;
  const available = () => (lines.length === 0 ? firstAvailable : options.width);
  const withoutTrailingSpaces = (run: readonly BreakableChar<S>[]) => {
    let end = run.length;
    while (end > 0 && run[end - 1]!.ch === " ") end--;
    return run.slice(0, end);
  };
  const flush = () => {
    lines.push({ chars: current, width: measure(withoutTrailingSpaces(current)), available: available(), last: false });
    current = [];
    currentWidth = 0;
  };
  const fits = (width: number) => width <= available() + 1e-6;

  // Units: the runs between break opportunities.
  const units: BreakableChar<S>[][] = [];
  chars.forEach((c, i) => {
    if (i === 0 || canBreakBetween(chars[i - 1]!.ch, c.ch)) units.push([c]);
    else units[units.length - 1]!.push(c);
  });

  for (const unit of units) {
    const unitWidth = measure(unit);
    const visibleWidth = measure(withoutTrailingSpaces(unit));
    if (fits(currentWidth + visibleWidth)) {
      current.push(...unit);
      currentWidth += unitWidth;
      continue;
    }
    if (current.length > 0) flush();
    if (fits(visibleWidth)) {
      current.push(...unit);
      currentWidth = unitWidth;
      continue;
    }
    // Wider than a whole line: split between characters, the longest prefix that fits on each
    // line (found by bisection on measured prefixes), at least one character per line.
    let rest = unit;
    while (rest.length > 0) {
      let lo = 1;
      let hi = rest.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(currentWidth + measure(withoutTrailingSpaces(rest.slice(0, mid))))) lo = mid;
        else hi = mid - 1;
      }
      const take = rest.slice(0, lo);
      if (current.length > 0 && !fits(currentWidth + measure(withoutTrailingSpaces(take)))) {
        flush();
        continue;
      }
      current.push(...take);
      currentWidth += measure(take);
      rest = rest.slice(lo);
      if (rest.length > 0) flush();
    }
  }
  if (current.length > 0 || lines.length === 0) flush();
  lines[lines.length - 1]!.last = true;
  return lines;
}
