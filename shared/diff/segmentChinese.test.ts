import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmentChinese } from "./segmentChinese";
import { mixedText } from "./testArbitraries";

describe("segmentChinese", () => {
  it.each(["5.5元", "30日", "10%", "22时", "4小时", "20分钟", "60万元", "8学时", "1,000元", "２０％"])(
    "keeps the figure %s as one token",
    (figure) => {
      expect(segmentChinese(`基础单价不低于${figure}。`)).toContain(figure);
    },
  );

  // Where the dictionary splits plain words differs between ICU versions, so only words every
  // version knows ("夜间", "配送") are asserted; figures and punctuation are our own rules.
  it("splits a clause into words, whole figures and single punctuation marks", () => {
    const tokens = segmentChinese("夜间（22时至次日6时）配送的，每单加发5.5元；");
    expect(tokens.join("")).toBe("夜间（22时至次日6时）配送的，每单加发5.5元；");
    expect(tokens).toEqual(expect.arrayContaining(["夜间", "配送", "22时", "6时", "5.5元", "（", "）", "，", "；"]));
  });

  it("makes each punctuation mark its own token", () => {
    expect(segmentChinese("（一）……")).toEqual(["（", "一", "）", "…", "…"]);
    for (const token of segmentChinese("甲方，乙方。丙方；")) {
      expect(token.length === 1 || !/[，。；]/.test(token), `"${token}" mixes punctuation with text`).toBe(true);
    }
  });

  it("keeps a whitespace run together", () => {
    expect(segmentChinese("甲方  乙方")).toContain("  ");
  });

  it("leaves digits inside Latin words alone", () => {
    expect(segmentChinese("App v2.0 ISO9001")).toEqual(["App", " ", "v2.0", " ", "ISO9001"]);
  });

  it("gives back the input when the tokens are joined", () => {
    fc.assert(fc.property(mixedText, (text) => segmentChinese(text).join("") === text));
  });
});
