import { describe, expect, it } from "vitest";
import { breakLines, canBreakBetween, type BreakableChar } from "./agreementLineBreak";

const chars = (text: string): BreakableChar<"r">[] => Array.from(text, (ch) => ({ ch, style: "r" as const }));
/** Every character one unit wide, ASCII half a unit: a monospaced stand-in for the font. */
const advance = (run: readonly BreakableChar<"r">[]) => run.reduce((sum, c) => sum + (c.ch.charCodeAt(0) < 0x80 ? 0.5 : 1), 0);
const text = (line: { chars: BreakableChar<"r">[] }) => line.chars.map((c) => c.ch).join("");

describe("breakLines", () => {
  it("keeps every character, in order, and no line is wider than the measure", () => {
    const body = "配送员连续接单累计达到5小时的，系统应当提示休息，并在15分钟内不再向其派发新订单。";
    const lines = breakLines(chars(body), advance, { width: 10, firstLineIndent: 2 });
    expect(lines.map(text).join("")).toBe(body);
    lines.forEach((line, i) => expect(line.width).toBeLessThanOrEqual(i === 0 ? 8 : 10));
    expect(lines.at(-1)!.last).toBe(true);
    expect(lines.slice(0, -1).every((l) => !l.last)).toBe(true);
  });

  it("never starts a line with closing punctuation nor ends one with opening punctuation (避头尾)", () => {
    // Widths chosen so a naive greedy break would put ， and 》 at line starts and 《 at a line end.
    const body = "一二三四五六七八九，十一二三四五六七八《集体合同规定》等法律法规。";
    for (let width = 4; width <= 12; width++) {
      const lines = breakLines(chars(body), advance, { width });
      expect(lines.map(text).join("")).toBe(body);
      for (const line of lines.slice(1)) expect("，。、；：？！）》」』】".includes(text(line)[0]!)).toBe(false);
      for (const line of lines.slice(0, -1)) expect("（《「『【".includes(text(line).at(-1)!)).toBe(false);
    }
  });

  it("does not split figures and Latin words (5.5元, QC-2026-001) when they fit", () => {
    const body = "每单基础单价为5.5元，委托书QC-2026-001。";
    for (let width = 7; width <= 14; width++) {
      const lines = breakLines(chars(body), advance, { width }).map(text);
      expect(lines.join("")).toBe(body);
      expect(lines.some((l) => l.includes("5.5"))).toBe(true);
      expect(lines.some((l) => l.includes("QC-2026-001"))).toBe(true);
    }
  });

  it("splits a run longer than the line between characters instead of overflowing", () => {
    const hash = "8f88b86ab2ebece50dffef177382a4c790d591be2c8a0f197d20e84133b43f22";
    const lines = breakLines(chars(`哈希：${hash}`), advance, { width: 10 });
    expect(lines.map(text).join("")).toBe(`哈希：${hash}`);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(10);
  });

  it("measures runs whole, so shaping that widens a run cannot push a line past the measure", () => {
    // A font where a run of n "x" is wider than n single "x" (as Noto Serif SC is, slightly).
    const shaped = (run: readonly BreakableChar<"r">[]) => run.length * (run.length > 1 ? 1.1 : 1);
    const body = "x".repeat(95);
    const lines = breakLines(chars(body), shaped, { width: 20 });
    expect(lines.map(text).join("")).toBe(body);
    for (const line of lines) expect(shaped(line.chars)).toBeLessThanOrEqual(20);
    expect(lines[0]!.chars).toHaveLength(18);
  });

  it("keeps astral characters whole", () => {
    const body = "𠀀😀".repeat(10);
    const lines = breakLines(chars(body), advance, { width: 3 });
    expect(lines.map(text).join("")).toBe(body);
    for (const line of lines) expect(line.chars.every((c) => Array.from(c.ch).length === 1)).toBe(true);
  });

  it("returns one empty line for an empty paragraph", () => {
    expect(breakLines(chars(""), advance, { width: 10 })).toEqual([{ chars: [], width: 0, available: 10, last: true }]);
  });
});

describe("canBreakBetween", () => {
  it.each([
    ["字", "字", true],
    ["字", "，", false],
    ["（", "字", false],
    ["5", ".", false],
    ["a", "b", false],
    ["字", "5", true],
    [" ", "a", true],
    ["—", "—", false],
  ])("%s|%s → %s", (before, after, expected) => {
    expect(canBreakBetween(before, after)).toBe(expected);
  });
});
