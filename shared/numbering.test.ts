import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleLabel, chapterLabel, chapters, numberAgreement, ordinalLabels, toChineseNumeral } from "./numbering";
import type { TopicKey } from "./topics";

/** An independent reader of Chinese numerals below 10^8, to check toChineseNumeral by round trip. */
function parseChineseNumeral(text: string): number {
  const digits: Record<string, number> = { 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const units: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in digits) digit = digits[ch]!;
    else if (ch in units) {
      section += (digit ?? 1) * units[ch]!;
      digit = null;
    } else if (ch === "万") {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = null;
    } else throw new Error(`unexpected character ${ch} in ${text}`);
  }
  return total + section + (digit ?? 0);
}

describe("toChineseNumeral", () => {
  it.each([
    [0, "零"],
    [1, "一"],
    [9, "九"],
    [10, "十"],
    [11, "十一"],
    [19, "十九"],
    [20, "二十"],
    [21, "二十一"],
    [99, "九十九"],
    [100, "一百"],
    [101, "一百零一"],
    [110, "一百一十"],
    [111, "一百一十一"],
    [1000, "一千"],
    [1001, "一千零一"],
    [1010, "一千零一十"],
    [1100, "一千一百"],
    [2024, "二千零二十四"],
    [10_000, "一万"],
    [10_001, "一万零一"],
    [10_010, "一万零一十"],
    [100_000, "十万"],
    [110_000, "十一万"],
    [1_000_100, "一百万零一百"],
    [100_000_001, "一亿零一"],
  ])("%i → %s", (n, expected) => {
    expect(toChineseNumeral(n)).toBe(expected);
  });

  it("rejects negatives, fractions and unsafe integers", () => {
    expect(() => toChineseNumeral(-1)).toThrow(RangeError);
    expect(() => toChineseNumeral(1.5)).toThrow(RangeError);
    expect(() => toChineseNumeral(Number.NaN)).toThrow(RangeError);
    expect(() => toChineseNumeral(2 ** 53)).toThrow(RangeError);
  });

  it("round-trips every number from 1 to 10^8 - 1 through an independent reader (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), (n) => {
        const text = toChineseNumeral(n);
        expect(parseChineseNumeral(text)).toBe(n);
        expect(text).not.toMatch(/零零|零$|^一十/);
      }),
      { seed: 20_250_101, numRuns: 2_000 },
    );
  });
});

describe("labels", () => {
  it("writes chapter and article labels in Chinese and English", () => {
    expect(chapterLabel(1)).toBe("第一章");
    expect(articleLabel(12)).toBe("第十二条");
    expect(articleLabel(101)).toBe("第一百零一条");
    expect(ordinalLabels(2, 33)).toEqual({ chapter: "Chapter 2", article: "Article 33" });
  });
});

const clause = (id: string, topic: TopicKey) => ({ id, topic });

describe("numberAgreement", () => {
  it("returns nothing for an empty agreement", () => {
    expect(numberAgreement([])).toEqual([]);
    expect(chapters([])).toEqual([]);
  });

  it("numbers articles continuously across chapters made of runs of one topic", () => {
    const numbered = numberAgreement([
      clause("a", "general"),
      clause("b", "general"),
      clause("c", "order_allocation"),
      clause("d", "pay_method"),
      clause("e", "pay_method"),
    ]);
    expect(numbered.map((n) => [n.clauseId, n.chapterLabel, n.chapterTitle, n.articleLabel])).toEqual([
      ["a", "第一章", "总则", "第一条"],
      ["b", "第一章", "总则", "第二条"],
      ["c", "第二章", "订单分配", "第三条"],
      ["d", "第三章", "报酬支付办法", "第四条"],
      ["e", "第三章", "报酬支付办法", "第五条"],
    ]);
    expect(numbered[4]).toMatchObject({ chapterIndex: 3, articleNumber: 5, chapterTitleEn: "Pay methods" });
  });

  it("makes a new chapter when a topic comes back after another one", () => {
    const numbered = numberAgreement([clause("a", "rest"), clause("b", "safety"), clause("c", "rest")]);
    expect(numbered.map((n) => n.chapterIndex)).toEqual([1, 2, 3]);
    expect(numbered[2]!.chapterTitle).toBe("休息休假");
  });

  it("lists chapters with their clause ids", () => {
    expect(chapters([clause("a", "general"), clause("b", "general"), clause("c", "supplementary")])).toEqual([
      { chapterIndex: 1, chapterLabel: "第一章", topic: "general", title: "总则", titleEn: "General provisions", clauseIds: ["a", "b"] },
      { chapterIndex: 2, chapterLabel: "第二章", topic: "supplementary", title: "附则", titleEn: "Supplementary provisions", clauseIds: ["c"] },
    ]);
  });

  it("keeps one entry per clause, articles 1..n, chapters non-decreasing by at most one (property)", () => {
    const topics: TopicKey[] = ["general", "order_allocation", "pay_method", "rest"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...topics), { maxLength: 60 }), (topicList) => {
        const input = topicList.map((topic, i) => clause(`c${i}`, topic));
        const numbered = numberAgreement(input);
        expect(numbered.map((n) => n.articleNumber)).toEqual(input.map((_, i) => i + 1));
        numbered.forEach((n, i) => {
          if (i === 0) return expect(n.chapterIndex).toBe(1);
          const step = n.chapterIndex - numbered[i - 1]!.chapterIndex;
          expect(step).toBe(input[i]!.topic === input[i - 1]!.topic ? 0 : 1);
        });
        expect(chapters(input).flatMap((c) => c.clauseIds)).toEqual(input.map((c) => c.id));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
