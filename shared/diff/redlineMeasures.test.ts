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
});

describe("splitPhrases", () => {
  it("gives back the text when joined, and cuts only where a phrase can end", () => {
    expect(splitPhrases("甲，乙；1，000元。ab\n丙")).toEqual(["甲，", "乙；1，000元。", "ab\n", "丙"]);
    fc.assert(fc.property(editedTextPair, ([text]) => splitPhrases(text).join("") === text));
  });
});
