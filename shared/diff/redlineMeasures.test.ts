import DiffMatchPatch from "diff-match-patch";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementContentSchema } from "../agreement";
import v1Fixture from "~/db/seed-data/agreement-v1.json";
import v2Fixture from "~/db/seed-data/agreement-v2.json";
import { compareAgreements } from "./compareAgreements";
import { countHunks, countSplitFigures } from "./redlineMeasures";
import { editedTextPair } from "./testArbitraries";
import { diffClauseText, splitPhrases, type DiffPart } from "./textDiff";

const v1 = agreementContentSchema.parse(v1Fixture);
const v2 = agreementContentSchema.parse(v2Fixture);

/** diff-match-patch with semantic cleanup, the generic tool a reader would otherwise use. */
function dmpParts(before: string, after: string): DiffPart[] {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const diffs = dmp.diff_main(before, after);
  dmp.diff_cleanupSemantic(diffs);
  return diffs.map(([operation, text]) => ({ kind: operation === 0 ? "equal" : operation < 0 ? "delete" : "insert", text }));
}

describe("redline measures", () => {
  it("counts each maximal run of changes once", () => {
    expect(countHunks([{ kind: "equal", text: "甲" }, { kind: "delete", text: "乙" }, { kind: "insert", text: "丙" }, { kind: "equal", text: "丁" }, { kind: "insert", text: "戊" }])).toBe(2);
    expect(countHunks([{ kind: "equal", text: "不变" }])).toBe(0);
  });

  it("sees the figure diff-match-patch splits (5.5元 → 5元 as a struck “.5”)", () => {
    expect(countSplitFigures(dmpParts("不低于5.5元；", "不低于5元；"))).toBeGreaterThan(0);
  });
});

describe("P-1 no figure is shown split", () => {
  it("on the fixtures v1 → v2, old and new side of every clause", () => {
    const comparison = compareAgreements(v1, v2);
    const split = comparison.clauses.flatMap((clause) => [clause.parts.title, clause.parts.body]).map(countSplitFigures);
    expect(split.every((count) => count === 0)).toBe(true);
  });

  it("for random edits of clause-like text", () => {
    fc.assert(fc.property(editedTextPair, ([before, after]) => countSplitFigures(diffClauseText(before, after)) === 0), { numRuns: 300 });
  });
});

describe("P-2 no more places to look than diff-match-patch with semantic cleanup", () => {
  it("on each changed clause of the fixtures v1 → v2, title and body", () => {
    const comparison = compareAgreements(v1, v2);
    const older = new Map(v1.clauses.map((clause) => [clause.id, clause]));
    let compared = 0;
    for (const clause of comparison.clauses) {
      const before = older.get(clause.id);
      const after = v2.clauses.find((entry) => entry.id === clause.id);
      if (!before || !after) continue;
      for (const field of ["title", "body"] as const) {
        if (before[field] === after[field]) continue;
        compared++;
        const ours = countHunks(clause.parts[field]);
        const theirs = countHunks(dmpParts(before[field], after[field]));
        expect(ours, `${clause.id} ${field}`).toBeLessThanOrEqual(theirs);
        expect(ours, `${clause.id} ${field} shows its change`).toBeGreaterThan(0);
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  // Not for edits of two list items ("雨衣雨鞋、防暑药品" → "头盔护具、保温餐箱"): diff-match-patch
  // folds the "、" into one hunk, the redline keeps the items apart (textDiff tests).
  it("on new text: rewritten phrases, figures", () => {
    const pairs: [string, string][] = [
      ["每月组织一次配送员理论培训", "每季度安排两次配送员实操演练"],
      ["甲方可以书面通知乙方", "工会应当口头提醒乙方"],
      ["站点负责人每周检查一次安全设备", "站长每月抽查一次消防设备"],
      ["基础单价为每单5.5元，高峰时段每单加1元", "基础单价为每单6元，高峰时段每单加1.2元"],
    ];
    for (const [before, after] of pairs) {
      expect(countHunks(diffClauseText(before, after)), before).toBeLessThanOrEqual(countHunks(dmpParts(before, after)));
    }
  });
});

describe("splitPhrases", () => {
  it("gives back the text when joined, and cuts only where a phrase can end", () => {
    expect(splitPhrases("甲，乙；1，000元。ab\n丙")).toEqual(["甲，", "乙；1，000元。", "ab\n", "丙"]);
    fc.assert(fc.property(editedTextPair, ([text]) => splitPhrases(text).join("") === text));
  });
});
