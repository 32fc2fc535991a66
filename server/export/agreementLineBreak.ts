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
 * Every input character appears in exactly one line, in order; a run without break opportunities
 * wider than a line is split between characters as a last resort.
 */
export function breakLines<S>(
  chars: readonly BreakableChar<S>[],
  advance: (c: BreakableChar<S>) => number,
  options: { width: number; firstLineIndent?: number },
): BrokenLine<S>[] {
  const firstAvailable = options.width - (options.firstLineIndent ?? 0);
  const lines: BrokenLine<S>[] = [];
  let current: BreakableChar<S>[] = [];
  let currentWidth = 0;
  const available = () => (lines.length === 0 ? firstAvailable : options.width);
  const trailingSpaceWidth = (run: readonly BreakableChar<S>[]) => {
    let w = 0;
    for (let i = run.length - 1; i >= 0 && run[i]!.ch === " "; i--) w += advance(run[i]!);
    return w;
  };
  const flush = () => {
    lines.push({ chars: current, width: currentWidth - trailingSpaceWidth(current), available: available(), last: false });
    current = [];
    currentWidth = 0;
  };

  // Units: the runs between break opportunities.
  const units: BreakableChar<S>[][] = [];
  chars.forEach((c, i) => {
    if (i === 0 || canBreakBetween(chars[i - 1]!.ch, c.ch)) units.push([c]);
    else units[units.length - 1]!.push(c);
  });

  for (const unit of units) {
    const unitWidth = unit.reduce((sum, c) => sum + advance(c), 0);
    const visibleWidth = unitWidth - trailingSpaceWidth(unit);
    if (currentWidth + visibleWidth <= available() + 1e-6) {
      current.push(...unit);
      currentWidth += unitWidth;
      continue;
    }
    if (current.length > 0) flush();
    if (visibleWidth <= available() + 1e-6) {
      current.push(...unit);
      currentWidth += unitWidth;
      continue;
    }
    // Wider than a whole line: split between characters, at least one character per line.
    for (const c of unit) {
      const w = advance(c);
      if (current.length > 0 && c.ch !== " " && currentWidth + w > available() + 1e-6) flush();
      current.push(c);
      currentWidth += w;
    }
  }
  if (current.length > 0 || lines.length === 0) flush();
  lines[lines.length - 1]!.last = true;
  return lines;
}
