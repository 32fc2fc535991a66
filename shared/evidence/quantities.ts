/**
 * Quantities in clause text, with their values: "5小时", "十五分钟", "百分之二十", "两倍", "一日",
 * "4至5小时", "1.5元". The comparison's figure pattern (shared/diff/segmentChinese) lifts traded
 * figures as written, for display; a check needs the value, so Chinese numerals, 百分之N, 半 and
 * ranges are read here. The unit list is the diff's, so both see the same figures.
 */
import { FIGURE_UNITS } from "../diff/segmentChinese";

/** The unit families a check compares; anything else keeps its unit text as written. */
export type Unit = "hour" | "minute" | "yuan" | "percent" | "day" | "week" | "month" | "year" | "times" | "km" | "order" | "other";

export interface Quantity {
  /** As written, e.g. "5小时", "4至5小时", "百分之二十". */
  text: string;
  start: number;
  end: number;
  /** The value; for a range the lower end. */
  low: number;
  /** For a range the upper end; else equal to `low`. */
  high: number;
  unit: Unit;
  /** The unit as written ("个小时", "万元"). */
  unitText: string;
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 };

/** A number: Arabic (ASCII or full-width, thousands separators, decimals) or Chinese numerals, with 半 ("一个半小时"). */
const ARABIC = "[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?![0-9０-９])|[0-9０-９]+(?:[.．][0-9０-９]+)?";
const CHINESE = "[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?";
const NUMBER = `(?:${ARABIC}|${CHINESE})`;

/** Units as in the diff, plus the longer forms a check reads ("个星期", "星期", "周年"). */
const UNITS = [...new Set<string>([...FIGURE_UNITS, "个星期", "星期", "周年", "个工作日", "千米"])]
  .filter((unit) => unit !== "时" && unit !== "分" && unit !== "度") // "22时" is a clock time, "5分" a score, "度" a temperature or a degree of anything
  .sort((a, b) => b.length - a.length)
  .map((unit) => unit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
  .join("|");

const RANGE_MARK = "(?:至|到|-|－|—|~|～)";

/**
 * One pattern for the three shapes: 百分之N[至M], N[个半][unit] with an optional "至M" range,
 * and 半个小时 / 半小时 / 半天. Never starts inside a Latin word or a longer number.
 */
const QUANTITY_PATTERN = new RegExp(
  `(?:` +
    `百分之(?<pctLow>${NUMBER})(?:${RANGE_MARK}(?:百分之)?(?<pctHigh>${NUMBER}))?` +
    `|(?<low>${NUMBER})(?:(?<lowUnit>${UNITS}))?${RANGE_MARK}(?<high>${NUMBER})(?<half2>个半|半)?(?<unit2>${UNITS})` +
    `|(?<single>${NUMBER})(?<half>个半|半)?(?<unit>${UNITS})` +
    `|(?<halfOnly>半)(?:个)?(?<unit3>小时|天|日|年|个月|月)` +
    `)`,
  "gu",
);

const MONEY_TAIL = new RegExp(`^(?<jiao>${NUMBER})角(?:(?<fen>${NUMBER})分)?`, "u");

/** A figure never starts inside a Latin word or a longer number ("ISO9001", "v2.0"); checked in code, since a lookbehind makes the scan slow. */
const NOT_BEFORE = /[A-Za-z0-9_.．０-９]/u;

/** Reads an Arabic or Chinese number; NaN when it is not one. "十五" = 15, "二十" = 20, "一百二十" = 120, "两" = 2. */
export function parseNumber(text: string): number {
  const ascii = text.replace(/[０-９．]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/,/gu, "");
  if (/^[0-9]+(?:\.[0-9]+)?$/u.test(ascii)) return Number(ascii);
  const [integerPart, decimalPart] = text.split("点");
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const char of integerPart ?? "") {
    if (char in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[char]!;
    } else if (char === "万") {
      total += (section + Math.max(digit, 0)) * 10_000;
      section = 0;
      digit = -1;
    } else if (char in CHINESE_UNITS) {
      section += (digit < 0 ? 1 : digit) * CHINESE_UNITS[char]!; // "十五": an omitted 一
      digit = -1;
    } else {
      return Number.NaN;
    }
  }
  let value = total + section + Math.max(digit, 0);
  if (decimalPart) value += Number(`0.${[...decimalPart].map((c) => CHINESE_DIGITS[c] ?? "").join("")}`);
  return value;
}

function unitFamily(unit: string): Unit {
  if (unit === "小时" || unit === "个小时") return "hour";
  if (unit === "分钟") return "minute";
  if (unit === "元" || unit === "万元" || unit === "千元" || unit === "亿元" || unit === "角") return "yuan";
  if (unit === "%" || unit === "％") return "percent";
  if (unit === "日" || unit === "天" || unit === "工作日" || unit === "个工作日") return "day";
  if (unit === "周" || unit === "星期" || unit === "个星期") return "week";
  if (unit === "月" || unit === "个月") return "month";
  if (unit === "年" || unit === "周年") return "year";
  if (unit === "倍") return "times";
  if (unit === "公里" || unit === "千米") return "km";
  if (unit === "单") return "order";
  return "other";
}

/** 万元 and 角 in 元, so money compares in one unit. */
function scale(unit: string): number {
  if (unit === "万元") return 10_000;
  if (unit === "千元") return 1_000;
  if (unit === "亿元") return 100_000_000;
  if (unit === "角") return 0.1;
  return 1;
}

/** Every quantity in `text`, in order. A number without a unit (an article number, "22时") is not one. */
export function extractQuantities(text: string): Quantity[] {
  const found: Quantity[] = [];
  let consumed = 0;
  for (const match of text.matchAll(QUANTITY_PATTERN)) {
    if (match.index < consumed) continue; // the 角 of "六元五角", already read with its 元
    if (match.index > 0 && NOT_BEFORE.test(text[match.index - 1]!)) continue;
    const g = match.groups ?? {};
    let low: number;
    let high: number;
    let unitText: string;
    if (g.pctLow !== undefined) {
      low = parseNumber(g.pctLow);
      high = g.pctHigh !== undefined ? parseNumber(g.pctHigh) : low;
      unitText = "%";
    } else if (g.low !== undefined) {
      unitText = g.unit2!;
      low = parseNumber(g.low);
      high = parseNumber(g.high!) + (g.half2 ? 0.5 : 0);
      if (g.lowUnit && unitFamily(g.lowUnit) !== unitFamily(unitText)) continue; // "5元至10公里" is no range
    } else if (g.single !== undefined) {
      unitText = g.unit!;
      low = high = parseNumber(g.single) + (g.half ? 0.5 : 0);
    } else {
      unitText = g.unit3!;
      low = high = 0.5;
    }
    if (!Number.isFinite(low) || !Number.isFinite(high)) continue;
    const factor = scale(unitText);
    let written = match[0];
    // "六元五角", "5元5角": the 角 (and 分) after a whole 元 belong to the same sum.
    if (unitText === "元" && low === high) {
      const tail = MONEY_TAIL.exec(text.slice(match.index + written.length));
      if (tail?.groups) {
        const jiao = parseNumber(tail.groups.jiao!) / 10 + (tail.groups.fen ? parseNumber(tail.groups.fen) / 100 : 0);
        if (Number.isFinite(jiao)) {
          low = high = low + jiao;
          written += tail[0];
        }
      }
    }
    consumed = match.index + written.length;
    found.push({
      text: written,
      start: match.index,
      end: match.index + written.length,
      low: low * factor,
      high: high * factor,
      unit: unitFamily(unitText),
      unitText,
    });
  }
  return found;
}

/** "一次" … the frequency words of a pay cycle are read by the pay-cycle check itself. */
export function quantitiesOf(text: string, unit: Unit): Quantity[] {
  return extractQuantities(text).filter((q) => q.unit === unit);
}

/** Sentences (split at 。；;！？ and line breaks) with their offsets: a rule's words and figure must share one. */
export function sentences(text: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let start = 0;
  for (const match of text.matchAll(/[。；;！!？?\n]/gu)) {
    const end = match.index + 1;
    if (text.slice(start, end).trim()) parts.push({ text: text.slice(start, end), start });
    start = end;
  }
  if (text.slice(start).trim()) parts.push({ text: text.slice(start), start });
  return parts;
}

/** Phrases: a sentence split again at ，,、： — "每日…8小时，每周…44小时" are two. */
export function phrases(text: string): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  for (const sentence of sentences(text)) {
    let start = 0;
    const pieces = sentence.text.split(/(?<=[，,：:])/u);
    for (const piece of pieces) {
      if (piece.trim()) parts.push({ text: piece, start: sentence.start + start });
      start += piece.length;
    }
  }
  return parts;
}
