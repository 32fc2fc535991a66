import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractQuantities, parseNumber, phrases, sentences } from "./quantities";

describe("parseNumber (EV-3)", () => {
  it.each([
    ["5", 5],
    ["5.5", 5.5],
    ["１２", 12],
    ["1,980", 1980],
    ["一", 1],
    ["两", 2],
    ["十", 10],
    ["十五", 15],
    ["二十", 20],
    ["一百二十", 120],
    ["三百", 300],
    ["两千二百七十", 2270],
    ["五万", 50_000],
    ["零点五", 0.5],
  ])("reads %s as %d", (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it("EV-3 reads any written Arabic integer back as itself", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (n) => parseNumber(String(n)) === n));
  });

  it("EV-3 reads Chinese numerals below 10,000 the way they are spoken", () => {
    const digits = "零一二三四五六七八九";
    const say = (n: number): string => {
      if (n === 0) return "零";
      const parts: string[] = [];
      const units = ["千", "百", "十", ""];
      const values = [1000, 100, 10, 1];
      let zero = false;
      values.forEach((v, i) => {
        const d = Math.floor(n / v) % 10;
        if (d === 0) {
          if (parts.length > 0) zero = true;
          return;
        }
        if (zero) parts.push("零");
        zero = false;
        parts.push(`${digits[d]}${units[i]}`);
      });
      return parts.join("");
    };
    fc.assert(fc.property(fc.integer({ min: 1, max: 9999 }), (n) => parseNumber(say(n)) === n));
  });
});

describe("extractQuantities (EV-3)", () => {
  it("EV-3 finds Arabic and Chinese figures with their units", () => {
    const found = extractQuantities("骑手连续送餐满六个小时后，暂停派单十分钟；扣款不超过百分之三十；节假日按两倍支付；保额60万元。");
    expect(found.map((q) => [q.text, q.low, q.unit])).toEqual([
      ["六个小时", 6, "hour"],
      ["十分钟", 10, "minute"],
      ["百分之三十", 30, "percent"],
      ["两倍", 2, "times"],
      ["60万元", 600_000, "yuan"],
    ]);
  });

  it("EV-3 reads ranges and halves", () => {
    expect(extractQuantities("每日4至5小时")[0]).toMatchObject({ low: 4, high: 5, unit: "hour" });
    expect(extractQuantities("休息4～6天")[0]).toMatchObject({ low: 4, high: 6, unit: "day" });
    expect(extractQuantities("一个半小时")[0]).toMatchObject({ low: 1.5, unit: "hour" });
    expect(extractQuantities("半小时")[0]).toMatchObject({ low: 0.5, unit: "hour" });
    expect(extractQuantities("百分之十至百分之二十")[0]).toMatchObject({ low: 10, high: 20, unit: "percent" });
  });

  it("EV-3 leaves clock times, article numbers and bare numbers alone", () => {
    expect(extractQuantities("夜间（22时至次日6时）配送的，依照第3条")).toEqual([]);
    expect(extractQuantities("ISO9001认证，版本v2.0")).toEqual([]);
  });

  it("splits sentences and phrases at Chinese punctuation", () => {
    expect(sentences("甲。乙；丙").map((s) => s.text)).toEqual(["甲。", "乙；", "丙"]);
    expect(phrases("每日8小时，每周44小时。").map((p) => p.text)).toEqual(["每日8小时，", "每周44小时。"]);
  });
});

describe("money in 元 and 角 (EV-3)", () => {
  it("EV-3 reads 六元五角 as one sum of 6.5元", () => {
    const found = extractQuantities("单价六元五角，补贴5元2角5分");
    expect(found.map((q) => [q.text, q.low])).toEqual([
      ["六元五角", 6.5],
      ["5元2角5分", 5.25],
    ]);
  });
});
