import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countHunks, countSplitFigures } from "./redlineMeasures";
import { editedTextPair, mixedText } from "./testArbitraries";
import { diffClauseText, MAX_EDIT_TOKENS, type DiffPart } from "./textDiff";

const beforeOf = (parts: DiffPart[]) => parts.filter((part) => part.kind !== "insert").map((part) => part.text).join("");
const afterOf = (parts: DiffPart[]) => parts.filter((part) => part.kind !== "delete").map((part) => part.text).join("");

function expectWellFormed(parts: DiffPart[], before: string, after: string) {
  expect(beforeOf(parts)).toBe(before);
  expect(afterOf(parts)).toBe(after);
  for (const [index, part] of parts.entries()) {
    expect(part.text).not.toBe("");
    const next = parts[index + 1];
    if (!next) continue;
    expect(next.kind === part.kind, "adjacent parts of one kind are merged").toBe(false);
    expect(part.kind === "insert" && next.kind === "delete", "a hunk reads delete then insert").toBe(false);
  }
}

describe("diffClauseText", () => {
  it("shows a changed figure as one replaced token", () => {
    expect(diffClauseText("基础单价每单不低于5.5元；", "基础单价每单不低于5元；")).toEqual([
      { kind: "equal", text: "基础单价每单不低于" },
      { kind: "delete", text: "5.5元" },
      { kind: "insert", text: "5元" },
      { kind: "equal", text: "；" },
    ]);
  });

  it("replaces whole words, not scattered characters", () => {
    expect(diffClauseText("实际完成量的中位数为基准", "实际完成量的平均值为基准")).toEqual([
      { kind: "equal", text: "实际完成量的" },
      { kind: "delete", text: "中位数" },
      { kind: "insert", text: "平均值" },
      { kind: "equal", text: "为基准" },
    ]);
  });

  it("folds a short unchanged run between two changes into one phrase", () => {
    expect(diffClauseText("时段和天气补贴", "夜间和恶劣天气补贴")).toEqual([
      { kind: "delete", text: "时段和" },
      { kind: "insert", text: "夜间和恶劣" },
      { kind: "equal", text: "天气补贴" },
    ]);
  });

  it("keeps changes on either side of a comma apart", () => {
    const parts = diffClauseText("不少于10分钟，并减少派单密度", "不少于5分钟，并视情况调整派单密度");
    expect(parts).toContainEqual({ kind: "equal", text: "，并" });
    expect(parts).toContainEqual({ kind: "delete", text: "10分钟" });
    expect(parts).toContainEqual({ kind: "insert", text: "5分钟" });
  });

  it("folds an unchanged word inside a rewritten phrase when the changes on both sides are at least as long", () => {
    // diff-match-patch's semantic rule on whole words: the lone "配送员" is no second place to look.
    expect(diffClauseText("每月组织一次配送员理论培训", "每季度安排两次配送员实操演练")).toEqual([
      { kind: "delete", text: "每月组织一次配送员理论培训" },
      { kind: "insert", text: "每季度安排两次配送员实操演练" },
    ]);
  });

  it("keeps an unchanged run longer than the change on either side", () => {
    expect(diffClauseText("甲方应当及时书面通知乙方", "工会应当及时口头通知乙方")).toEqual([
      { kind: "delete", text: "甲方" },
      { kind: "insert", text: "工会" },
      { kind: "equal", text: "应当及时" },
      { kind: "delete", text: "书面" },
      { kind: "insert", text: "口头" },
      { kind: "equal", text: "通知乙方" },
    ]);
  });

  it("never folds an unchanged figure into the changes around it", () => {
    const parts = diffClauseText("甲方可以在3日内书面答复", "工会应当在3日内口头说明");
    expect(countHunks(parts)).toBe(2);
    expect(parts.some((part) => part.kind === "equal" && part.text.includes("3日"))).toBe(true);
  });

  it("keeps edits to separate list items apart, however long the edits", () => {
    expect(diffClauseText("应当提供雨衣雨鞋、防暑药品", "应当提供头盔护具、保温餐箱")).toEqual([
      { kind: "equal", text: "应当提供" },
      { kind: "delete", text: "雨衣雨鞋" },
      { kind: "insert", text: "头盔护具" },
      { kind: "equal", text: "、" },
      { kind: "delete", text: "防暑药品" },
      { kind: "insert", text: "保温餐箱" },
    ]);
  });

  it("shows a list of one-character items rewritten throughout as one replaced list", () => {
    const [before, after] = ["值班室每周一、三、五对外开放", "值班室每周二、四、六对外开放"];
    const parts = diffClauseText(before, after);
    expectWellFormed(parts, before, after);
    expect(parts).toEqual([
      { kind: "equal", text: "值班室每周" },
      { kind: "delete", text: "一、三、五" },
      { kind: "insert", text: "二、四、六" },
      { kind: "equal", text: "对外开放" },
    ]);
  });

  it("keeps one-character list items apart when an unchanged item stands between them", () => {
    const parts = diffClauseText("评定为甲、乙、丙三等", "评定为丁、乙、戊三等");
    expect(countHunks(parts)).toBe(2);
    expect(parts).toContainEqual({ kind: "equal", text: "、乙、" });
  });

  it("keeps a one-character item's change apart from a word-long item's change in the next list slot", () => {
    const [before, after] = ["可选用甲、轻便雨披", "可选用乙、加厚棉衣"];
    const parts = diffClauseText(before, after);
    expectWellFormed(parts, before, after);
    expect(countHunks(parts)).toBe(2);
    expect(parts).toContainEqual({ kind: "equal", text: "、" });
  });

  it("folds one-character list items whose figures change without showing any figure split", () => {
    const [before, after] = ["按第1、3、5项执行", "按第2、4、6项执行"];
    const parts = diffClauseText(before, after);
    expectWellFormed(parts, before, after);
    expect(countHunks(parts)).toBe(1);
    expect(countSplitFigures(parts)).toBe(0);
  });

  it("handles empty sides", () => {
    expect(diffClauseText("", "")).toEqual([]);
    expect(diffClauseText("", "新增")).toEqual([{ kind: "insert", text: "新增" }]);
    expect(diffClauseText("删除", "")).toEqual([{ kind: "delete", text: "删除" }]);
    expect(diffClauseText("不变", "不变")).toEqual([{ kind: "equal", text: "不变" }]);
  });

  it(`falls back to replacing the whole text beyond ${MAX_EDIT_TOKENS} token edits`, () => {
    const before = Array.from({ length: MAX_EDIT_TOKENS }, (_, i) => `甲${i}`).join("，");
    const after = Array.from({ length: MAX_EDIT_TOKENS }, (_, i) => `乙${i}`).join("。");
    expect(diffClauseText(before, after)).toEqual([
      { kind: "delete", text: before },
      { kind: "insert", text: after },
    ]);
  });

  it("round-trips before and after from the parts for random edits", () => {
    fc.assert(
      fc.property(editedTextPair, ([before, after]) => expectWellFormed(diffClauseText(before, after), before, after)),
      { numRuns: 500 },
    );
  });

  it("round-trips before and after from the parts for unrelated texts", () => {
    fc.assert(fc.property(mixedText, mixedText, (before, after) => expectWellFormed(diffClauseText(before, after), before, after)));
  });

  it("finds no change between a text and itself", () => {
    fc.assert(
      fc.property(mixedText, (text) => diffClauseText(text, text).every((part) => part.kind === "equal")),
    );
  });
});
