import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agreementContentSchema, type AgreementContent, type Clause } from "../agreement";
import v1Fixture from "~/db/seed-data/agreement-v1.json";
import v2Fixture from "~/db/seed-data/agreement-v2.json";
import { compareAgreements, longestIncreasingSubsequence, movedClauseIds } from "./compareAgreements";
import { editedTextPair, mixedText } from "./testArbitraries";

const v1 = agreementContentSchema.parse(v1Fixture);
const v2 = agreementContentSchema.parse(v2Fixture);

const clause = (id: string, body = `${id}的正文。`, extra: Partial<Clause> = {}): Clause => ({
  id,
  topic: "general",
  title: `${id}标题`,
  body,
  ...extra,
});
const agreement = (...clauses: Clause[]): AgreementContent => ({ title: "协议", clauses });

describe("compareAgreements on the fixtures (工会方首轮提案 → 平台方回应稿)", () => {
  const comparison = compareAgreements(v1, v2);
  const changesById = Object.fromEntries(
    comparison.clauses.filter((entry) => entry.changes.length > 0).map((entry) => [entry.id, entry.changes]),
  );

  it("finds exactly the changes the platform made, and nothing else", () => {
    const text = ["text"];
    expect(changesById).toEqual({
      c07: text, c08: text, c09: text, c10: text, c11: text, c15: text, c16: text,
      c17: ["retitled", "text"],
      c20: text, c22: text, c24: text, c26: text, c28: text, c31: text,
      c34: ["added"],
      c25: ["moved"],
      c29: ["deleted"],
    });
    expect(comparison.titleChanged).toBe(false);
  });

  it("lists clauses in the newer order, the deleted clause after its old predecessor", () => {
    const ids = comparison.clauses.map((entry) => entry.id);
    expect(ids).toEqual([...v2.clauses.map((entry) => entry.id)].toSpliced(v2.clauses.findIndex((c) => c.id === "c28") + 1, 0, "c29"));
    expect(comparison.clauses.find((entry) => entry.id === "c29")?.articleNumber).toEqual({ before: 29, after: null });
    expect(comparison.clauses.find((entry) => entry.id === "c34")?.articleNumber).toEqual({ before: null, after: 20 });
  });

  it("lists every changed figure, 5.5元 → 5元 among them", () => {
    expect(comparison.figures.map(({ clauseId, before, after }) => [clauseId, before, after])).toEqual([
      ["c07", "4小时", "5小时"],
      ["c07", "20分钟", "15分钟"],
      ["c08", "10分钟", "5分钟"],
      ["c09", "48小时", "72小时"],
      ["c11", "30日", "15日"],
      ["c11", "10%", "15%"],
      ["c15", "120%", null],
      ["c16", "5.5元", "5元"],
      ["c16", "3公里", "4公里"],
      ["c16", "1元", "0.8元"],
      ["c17", "1元", "0.5元"],
      ["c17", "2元", "1.5元"],
      ["c22", "300%", null],
      ["c24", "60万元", "50万元"],
      ["c28", "8学时", "4学时"],
      ["c31", "2年", "1年"],
    ]);
    expect(comparison.figures).toContainEqual({ clauseId: "c16", before: "5.5元", after: "5元", context: "基础单价每单不低于" });
  });

  it("keeps the retitled clause's old title and diffs it", () => {
    const c17 = comparison.clauses.find((entry) => entry.id === "c17")!;
    expect(c17).toMatchObject({ title: "夜间和恶劣天气补贴", beforeTitle: "时段和天气补贴" });
    expect(c17.parts.title.some((part) => part.kind === "insert")).toBe(true);
  });

  it("summarises changed clauses and figures per topic", () => {
    const payMethod = comparison.summary.find((entry) => entry.topic === "pay_method");
    // c15, c16, c17, c34 (added), c20; figures: 120%, 5.5元, 3公里, 1元, 1元, 2元 (c22 is under 休息休假)
    expect(payMethod).toEqual({ topic: "pay_method", changedClauses: 5, figures: 6 });
    expect(comparison.summary.find((entry) => entry.topic === "rest")).toEqual({ topic: "rest", changedClauses: 1, figures: 1 });
    expect(comparison.summary.find((entry) => entry.topic === "general")).toEqual({ topic: "general", changedClauses: 0, figures: 0 });
    expect(comparison.summary.reduce((sum, entry) => sum + entry.changedClauses, 0)).toBe(Object.keys(changesById).length);
  });
});

describe("compareAgreements, clause by clause", () => {
  it("aligns by id: an insertion renumbers without changing anything else", () => {
    const comparison = compareAgreements(agreement(clause("a"), clause("b"), clause("c")), agreement(clause("new"), clause("a"), clause("b"), clause("c")));
    expect(comparison.clauses.map((entry) => [entry.id, entry.changes])).toEqual([
      ["new", ["added"]],
      ["a", []],
      ["b", []],
      ["c", []],
    ]);
  });

  it("marks only the clause that moved", () => {
    const older = agreement(clause("a"), clause("b"), clause("c"), clause("d"), clause("e"));
    const newer = agreement(clause("a"), clause("c"), clause("d"), clause("b"), clause("e"));
    expect(compareAgreements(older, newer).clauses.filter((entry) => entry.changes.includes("moved")).map((entry) => entry.id)).toEqual(["b"]);
  });

  it("places deleted clauses after their old predecessor, keeping their order", () => {
    const older = agreement(clause("x"), clause("a"), clause("y"), clause("z"), clause("b"));
    const newer = agreement(clause("b"), clause("a"));
    expect(compareAgreements(older, newer).clauses.map((entry) => entry.id)).toEqual(["x", "b", "a", "y", "z"]);
  });

  it("reports a topic change with the old topic", () => {
    const comparison = compareAgreements(agreement(clause("a")), agreement(clause("a", undefined, { topic: "rest" })));
    expect(comparison.clauses[0]).toMatchObject({ topic: "rest", beforeTopic: "general", changes: ["topic"] });
    expect(comparison.summary.map((entry) => entry.topic)).toEqual(["general", "rest"]);
  });

  it("shows added and deleted clauses whole", () => {
    const comparison = compareAgreements(agreement(clause("gone", "旧条款5元")), agreement(clause("new", "新条款6元")));
    const [gone, added] = [comparison.clauses.find((e) => e.id === "gone")!, comparison.clauses.find((e) => e.id === "new")!];
    expect(gone.parts.body).toEqual([{ kind: "delete", text: "旧条款5元" }]);
    expect(added.parts.body).toEqual([{ kind: "insert", text: "新条款6元" }]);
    expect(comparison.figures).toEqual([]);
  });

  it("finds no change when a version is compared with itself", () => {
    const clauses = fc.uniqueArray(
      fc.record({ id: fc.stringMatching(/^[a-z0-9]{1,6}$/), topic: fc.constantFrom("general" as const, "rest" as const), title: mixedText, body: mixedText }),
      { selector: (entry) => entry.id, maxLength: 12 },
    );
    fc.assert(
      fc.property(clauses, (list) => {
        const comparison = compareAgreements(agreement(...list), agreement(...list));
        return comparison.clauses.every((entry) => entry.changes.length === 0) && comparison.figures.length === 0;
      }),
    );
    const fixture = compareAgreements(v2, v2);
    expect(fixture.clauses.filter((entry) => entry.changes.length > 0)).toEqual([]);
  });

  it("shows each clause's redline and figures as that clause compared alone, however many clauses share its words", () => {
    // The comparison segments each word run once for all its clauses: sharing must never change a clause's result.
    const edited = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9]{1,6}$/), editedTextPair), { selector: ([id]) => id, maxLength: 8 });
    fc.assert(
      fc.property(edited, (list) => {
        const before = agreement(...list.map(([id, [body]]) => clause(id, body)));
        const after = agreement(...list.map(([id, [, body]]) => clause(id, body)));
        const whole = compareAgreements(before, after);
        return list.every(([id, [older, newer]]) => {
          const alone = compareAgreements(agreement(clause(id, older)), agreement(clause(id, newer))).clauses[0]!;
          const shared = whole.clauses.find((entry) => entry.id === id)!;
          return JSON.stringify(shared.parts) === JSON.stringify(alone.parts) && JSON.stringify(shared.figures) === JSON.stringify(alone.figures);
        });
      }),
    );
  });
});

describe("movedClauseIds", () => {
  const ids = (...names: string[]) => names.map((name) => clause(name));

  it("marks nothing when only insertions and deletions happened", () => {
    expect(movedClauseIds(ids("a", "b", "c", "d"), ids("x", "a", "c", "y", "d"))).toEqual(new Set());
  });

  it("marks as few clauses as a reordering needs", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 50 }), { maxLength: 20 }), (values) => {
        const older = ids(...values.map(String).sort());
        const newer = ids(...values.map(String));
        const moved = movedClauseIds(older, newer);
        const stayed = newer.filter((entry) => !moved.has(entry.id)).map((entry) => entry.id);
        expect(stayed).toEqual([...stayed].sort()); // what stayed is in the old order
        expect(stayed.length).toBe(longestIncreasingSubsequence(newer.map((entry) => older.findIndex((o) => o.id === entry.id))).size);
      }),
    );
  });
});

describe("longestIncreasingSubsequence", () => {
  it("finds one longest increasing run", () => {
    expect(longestIncreasingSubsequence([0, 1, 4, 2, 3, 5]).size).toBe(5);
    expect([...longestIncreasingSubsequence([0, 1, 4, 2, 3, 5])].sort()).toEqual([0, 1, 3, 4, 5]);
    expect(longestIncreasingSubsequence([]).size).toBe(0);
    expect(longestIncreasingSubsequence([3, 2, 1]).size).toBe(1);
  });
});
