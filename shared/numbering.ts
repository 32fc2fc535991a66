/**
 * Chinese numbering of an agreement: 第一章 … 第一条 ….
 *
 * Chinese collective agreements (and statutes, by the 《立法法》 drafting convention that agreements
 * copy) are divided into chapters (章) and articles (条); articles are numbered continuously across
 * chapters, so 第十二条 is the twelfth article of the whole agreement, whichever chapter it sits in.
 * Tongshang derives chapters from the clause topics: each run of consecutive clauses that share a
 * topic is one chapter, titled with the topic's Chinese label. Pure; no I/O.
 */
import { TOPIC_LABELS, type TopicKey } from "./topics";

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;
const SMALL_UNITS = ["", "十", "百", "千"] as const;
/** Units of each 4-digit section: 个, 万 (10^4), 亿 (10^8), 万亿 (10^12). */
const SECTION_UNITS = ["", "万", "亿", "万亿"] as const;

/** Writes 0 < section < 10_000 with 十/百/千 and single 零 for inner gaps (1010 → 一千零一十). */
function sectionToChinese(section: number): string {
  let out = "";
  let pendingZero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(section / 10 ** place) % 10;
    if (digit === 0) {
      if (out !== "") pendingZero = true;
      continue;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    out += DIGITS[digit] + SMALL_UNITS[place];
  }
  return out;
}

/**
 * A non-negative integer in Chinese numerals, the way article numbers are written:
 * 1→一, 10→十, 11→十一, 20→二十, 100→一百, 101→一百零一, 110→一百一十, 1010→一千零一十,
 * 10000→一万, 100000→十万. A leading 一十 is shortened to 十 (十一, 十万), as in 第十一条.
 * Throws a RangeError for negatives, fractions and integers above Number.MAX_SAFE_INTEGER.
 */
export function toChineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`toChineseNumeral: expected a safe non-negative integer, got ${n}`);
  }
  if (n === 0) return DIGITS[0];
  const sections: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10_000)) sections.push(rest % 10_000);
  let out = "";
  let pendingZero = false;
  for (let i = sections.length - 1; i >= 0; i--) {
    const section = sections[i]!;
    if (section === 0) {
      if (out !== "") pendingZero = true;
      continue;
    }
    // A section below 1000 after a higher section needs 零 (10_001 → 一万零一), as does a gap of whole sections.
    if (out !== "" && (pendingZero || section < 1000)) out += "零";
    pendingZero = false;
    out += sectionToChinese(section) + SECTION_UNITS[i];
  }
  return out.startsWith("一十") ? out.slice(1) : out;
}

/** 第一章, 第十二章 … */
export function chapterLabel(chapterIndex: number): string {
  return `第${toChineseNumeral(chapterIndex)}章`;
}

/** 第一条, 第一百零一条 … */
export function articleLabel(articleNumber: number): string {
  return `第${toChineseNumeral(articleNumber)}条`;
}

/** English labels for the same positions, for the English UI: "Chapter 1", "Article 12". */
export function ordinalLabels(chapterIndex: number, articleNumber: number): { chapter: string; article: string } {
  return { chapter: `Chapter ${chapterIndex}`, article: `Article ${articleNumber}` };
}

/** What numbering needs of a clause: its id and topic, in document order. */
export interface NumberableClause {
  id: string;
  topic: TopicKey;
}

/** A clause's place in the numbered agreement. chapterIndex and articleNumber start at 1. */
export interface NumberedClause {
  clauseId: string;
  chapterIndex: number;
  /** 第一章 */
  chapterLabel: string;
  /** The topic's Chinese label, e.g. 订单分配. */
  chapterTitle: string;
  /** The topic's English label, e.g. Order allocation. */
  chapterTitleEn: string;
  /** 第一条 */
  articleLabel: string;
  articleNumber: number;
}

/** A chapter: one run of consecutive clauses with the same topic. */
export interface Chapter {
  chapterIndex: number;
  chapterLabel: string;
  topic: TopicKey;
  title: string;
  titleEn: string;
  clauseIds: string[];
}

/**
 * Numbers clauses given in document order. A chapter is each maximal run of consecutive clauses
 * with the same topic; chapters are numbered in order of appearance (a topic that appears in two
 * separate runs makes two chapters); articles are numbered 1, 2, 3 … across the whole agreement.
 */
export function numberAgreement(clauses: readonly NumberableClause[]): NumberedClause[] {
  const numbered: NumberedClause[] = [];
  let chapterIndex = 0;
  let previousTopic: TopicKey | undefined;
  clauses.forEach((clause, index) => {
    if (index === 0 || clause.topic !== previousTopic) chapterIndex++;
    previousTopic = clause.topic;
    const articleNumber = index + 1;
    const label = TOPIC_LABELS[clause.topic] ?? TOPIC_LABELS.other;
    numbered.push({
      clauseId: clause.id,
      chapterIndex,
      chapterLabel: chapterLabel(chapterIndex),
      chapterTitle: label.zh,
      chapterTitleEn: label.en,
      articleLabel: articleLabel(articleNumber),
      articleNumber,
    });
  });
  return numbered;
}

/** The chapters of an agreement, in order, each with its clause ids in document order. */
export function chapters(clauses: readonly NumberableClause[]): Chapter[] {
  const result: Chapter[] = [];
  const numbered = numberAgreement(clauses);
  numbered.forEach((entry, index) => {
    const last = result[result.length - 1];
    if (last && last.chapterIndex === entry.chapterIndex) {
      last.clauseIds.push(entry.clauseId);
      return;
    }
    result.push({
      chapterIndex: entry.chapterIndex,
      chapterLabel: entry.chapterLabel,
      topic: clauses[index]!.topic,
      title: entry.chapterTitle,
      titleEn: entry.chapterTitleEn,
      clauseIds: [entry.clauseId],
    });
  });
  return result;
}
