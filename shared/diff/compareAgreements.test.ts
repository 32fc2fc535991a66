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

/**
 * A fixture clause's id, found by its title in either version: the tests name the clauses by what
 * they say, not by the seed's ids (issue 12).
 */
function titled(title: string): string {
  const ids = new Set([...v1.clauses, ...v2.clauses].filter((entry) => entry.title === title).map((entry) => entry.id));
  if (ids.size !== 1) throw new Error(`${ids.size} fixture clauses titled ${title}`);
  return [...ids][0]!;
}

describe("compareAgreements on the fixtures (工会方首轮提案 → 平台方回应稿)", () => {
  const comparison = compareAgreements(v1, v2);
  const changesById = Object.fromEntries(
    comparison.clauses.filter((entry) => entry.changes.length > 0).map((entry) => [entry.id, entry.changes]),
  );
  /** The one clause only the platform's reply has, and the one it dropped. */
  const [added] = v2.clauses.filter((entry) => !v1.clauses.some((older) => older.id === entry.id)).map((entry) => entry.id);
  const [deleted] = v1.clauses.filter((entry) => !v2.clauses.some((newer) => newer.id === entry.id)).map((entry) => entry.id);

  it("finds exactly the changes the platform made, and nothing else", () => {
    const text = ["text"];
    const reworded = ["连续接单休息提示", "恶劣天气派单", "超时申诉", "定额基准", "定额调整", "报酬下限", "计件单价", "扣款限制", "节假日报酬", "职业伤害保障", "算法公开", "安全培训", "合同期限"];
    expect(changesById).toEqual({
      ...Object.fromEntries(reworded.map((title) => [titled(title), text])),
      [titled("时段和天气补贴")]: ["retitled", "text"],
      [added!]: ["added"],
      [titled("服务站点")]: ["moved"],
      [deleted!]: ["deleted"],
    });
    expect(comparison.titleChanged).toBe(false);
  });

  it("lists clauses in the newer order, the deleted clause after its old predecessor", () => {
    const ids = comparison.clauses.map((entry) => entry.id);
    const predecessor = v1.clauses[v1.clauses.findIndex((entry) => entry.id === deleted) - 1]!.id;
    expect(ids).toEqual([...v2.clauses.map((entry) => entry.id)].toSpliced(v2.clauses.findIndex((c) => c.id === predecessor) + 1, 0, deleted!));
    expect(comparison.clauses.find((entry) => entry.id === deleted)?.articleNumber).toEqual({ before: 29, after: null });
    expect(comparison.clauses.find((entry) => entry.id === added)?.articleNumber).toEqual({ before: null, after: 20 });
  });

  it("lists every changed figure, 5.5元 → 5元 among them", () => {
    expect(comparison.figures.map(({ clauseId, before, after }) => [clauseId, before, after])).toEqual([
      [titled("连续接单休息提示"), "4小时", "5小时"],
      [titled("连续接单休息提示"), "20分钟", "15分钟"],
      [titled("恶劣天气派单"), "10分钟", "5分钟"],
      [titled("超时申诉"), "48小时", "72小时"],
      [titled("定额调整"), "30日", "15日"],
      [titled("定额调整"), "10%", "15%"],
      [titled("报酬下限"), "120%", null],
      [titled("计件单价"), "5.5元", "5元"],
      [titled("计件单价"), "3公里", "4公里"],
      [titled("计件单价"), "1元", "0.8元"],
      [titled("时段和天气补贴"), "1元", "0.5元"],
      [titled("时段和天气补贴"), "2元", "1.5元"],
      [titled("节假日报酬"), "300%", null],
      [titled("职业伤害保障"), "60万元", "50万元"],
      [titled("安全培训"), "8学时", "4学时"],
      [titled("合同期限"), "2年", "1年"],
    ]);
    expect(comparison.figures).toContainEqual({ clauseId: titled("计件单价"), before: "5.5元", after: "5元", context: "基础单价每单不低于" });
  });

  it("keeps the retitled clause's old title and diffs it", () => {
    const retitled = comparison.clauses.find((entry) => entry.id === titled("时段和天气补贴"))!;
    expect(retitled).toMatchObject({ title: "夜间和恶劣天气补贴", beforeTitle: "时段和天气补贴" });
    expect(retitled.parts.title.some((part) => part.kind === "insert")).toBe(true);
  });

  it("summarises changed clauses and figures per topic", () => {
    const payMethod = comparison.summary.find((entry) => entry.topic === "pay_method");
    // 报酬下限, 计件单价, 时段和天气补贴, 服务质量奖励 (added), 扣款限制; figures: 120%, 5.5元, 3公里, 1元, 1元, 2元 (节假日报酬 is under 休息休假)
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
