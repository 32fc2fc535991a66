import { describe, expect, it } from "vitest";
import { changedFigures, extractFigures } from "./figures";

/** Any id: changedFigures only labels what it finds with the clause's id. */
const CLAUSE = "x";

describe("extractFigures", () => {
  it("finds numbers with their units and offsets", () => {
    expect(extractFigures("超过3公里的，每增加1公里补贴不低于0.8元")).toEqual([
      { text: "3公里", start: 2, end: 5 },
      { text: "1公里", start: 10, end: 13 },
      { text: "0.8元", start: 18, end: 22 },
    ]);
  });
});

describe("changedFigures", () => {
  it("pairs each changed figure with its replacement, with the words before it", () => {
    expect(
      changedFigures(
        CLAUSE,
        "基础单价每单不低于5.5元；配送距离超过3公里的，每增加1公里补贴不低于1元。",
        "基础单价每单不低于5元；配送距离超过4公里的，每增加1公里补贴不低于0.8元。",
      ),
    ).toEqual([
      { clauseId: CLAUSE, before: "5.5元", after: "5元", context: "基础单价每单不低于" },
      { clauseId: CLAUSE, before: "3公里", after: "4公里", context: "配送距离超过" },
      { clauseId: CLAUSE, before: "1元", after: "0.8元", context: "每增加1公里补贴不低于" },
    ]);
  });

  it("reports a dropped figure with after = null and an added one with before = null", () => {
    expect(changedFigures(CLAUSE, "不得低于最低工资标准的120%。", "不得低于最低工资标准。")).toMatchObject([
      { before: "120%", after: null },
    ]);
    expect(changedFigures(CLAUSE, "不得低于最低工资标准。", "不得低于最低工资标准的120%。")).toMatchObject([
      { before: null, after: "120%" },
    ]);
  });

  it("pairs by position within one rewritten phrase and skips figures both sides keep", () => {
    const figures = changedFigures(CLAUSE, "每单1元或每公里2元", "每单3元，另加每公里2元和夜间4元", [
      { kind: "delete", text: "每单1元或每公里2元" },
      { kind: "insert", text: "每单3元，另加每公里2元和夜间4元" },
    ]);
    expect(figures.map(({ before, after }) => [before, after])).toEqual([
      ["1元", "3元"],
      [null, "4元"],
    ]);
  });

  it("finds nothing when only words change", () => {
    expect(changedFigures(CLAUSE, "实际完成量的中位数为基准", "实际完成量的平均值为基准")).toEqual([]);
    expect(changedFigures(CLAUSE, "不得超过20%，且剩余部分不得低于标准。", "不得超过20%。")).toEqual([]);
  });
});
