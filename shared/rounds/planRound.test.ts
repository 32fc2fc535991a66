import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentFromAgreement } from "../collab/docShape";
import { readSnapshot, snapshotContent, writeSnapshot, type DraftSnapshot, type SnapshotClause } from "./draftSnapshot";
import { AGREEMENT_TITLE_KEY, planRound } from "./planRound";

const clause = (id: string, position: string, body: string, title = `标题${id}`): SnapshotClause => ({ id, position, topic: "pay_method", title, body });
const snap = (...clauses: SnapshotClause[]): DraftSnapshot => ({ title: "集体合同", clauses });
const edit = (s: DraftSnapshot, id: string, body: string): DraftSnapshot => ({ ...s, clauses: s.clauses.map((c) => (c.id === id ? { ...c, body } : c)) });

const base = snap(clause("a", "A", "每单配送费不低于5.5元。"), clause("b", "B", "每日工作不超过8小时。"), clause("c", "C", "争议协商解决。"));

describe("planRound: applying exactly the side's changes (docs/SPEC.md R-6, R-7)", () => {
  it("R-6: takes the side's edited clause and leaves every clause it did not change as the live draft has it", () => {
    const mine = edit(base, "a", "每单配送费不低于6元。");
    const theirs = edit(base, "b", "每日工作不超过9小时。"); // edited at the table meanwhile
    const plan = planRound(base, mine, theirs);
    expect(plan.conflicts).toEqual([]);
    expect(plan.proposed).toEqual(["a"]);
    expect(plan.changed).toEqual(["a"]);
    expect(snapshotContent(plan.result).clauses.map((c) => c.body)).toEqual(["每单配送费不低于6元。", "每日工作不超过9小时。", "争议协商解决。"]);
  });

  it("R-6: an added, a deleted and a moved clause are tabled; the live draft's order is otherwise kept", () => {
    const mine = snap(clause("c", "0", "争议协商解决。"), clause("a", "A", "每单配送费不低于5.5元。"), clause("n", "AV", "新增:恶劣天气补贴每单1元。"));
    const plan = planRound(base, mine, base);
    expect(plan.conflicts).toEqual([]);
    expect(new Set(plan.proposed)).toEqual(new Set(["b", "c", "n"]));
    expect(plan.added).toEqual(["n"]);
    expect(snapshotContent(plan.result).clauses.map((c) => c.id)).toEqual(["c", "a", "n"]);
  });

  it("R-6: nothing to table when the private draft still equals its base", () => {
    const plan = planRound(base, base, edit(base, "b", "改了"));
    expect(plan.proposed).toEqual([]);
    expect(plan.changed).toEqual([]);
  });

  it("R-7: a clause changed on both sides since the copy is a conflict, never merged", () => {
    const mine = edit(base, "a", "每单配送费不低于6元。");
    const theirs = edit(base, "a", "每单配送费不低于5元。");
    const plan = planRound(base, mine, theirs);
    expect(plan.conflicts.map((c) => c.key)).toEqual(["a"]);
    expect(plan.conflicts[0]).toMatchObject({ base: { body: "每单配送费不低于5.5元。" }, mine: { body: "每单配送费不低于6元。" }, theirs: { body: "每单配送费不低于5元。" } });
    // Until resolved, the live text is what the plan keeps.
    expect(plan.result.clauses.find((c) => c.id === "a")!.body).toBe("每单配送费不低于5元。");
  });

  it("R-7: the same change on both sides, or a move against an edit, is no conflict", () => {
    const same = edit(base, "a", "每单配送费不低于6元。");
    expect(planRound(base, same, same).conflicts).toEqual([]);
    const moved = { ...base, clauses: base.clauses.map((c) => (c.id === "a" ? { ...c, position: "Z" } : c)) };
    const plan = planRound(base, moved, edit(base, "a", "每单配送费不低于5元。"));
    expect(plan.conflicts).toEqual([]);
    expect(plan.result.clauses.find((c) => c.id === "a")).toMatchObject({ position: "Z", body: "每单配送费不低于5元。" });
  });

  it("R-7: a deletion against an edit is a conflict; keep mine, keep theirs and edit each resolve it", () => {
    const mine = { ...base, clauses: base.clauses.filter((c) => c.id !== "c") };
    const theirs = edit(base, "c", "争议先协商,协商不成申请仲裁。");
    expect(planRound(base, mine, theirs).conflicts.map((c) => c.key)).toEqual(["c"]);
    expect(planRound(base, mine, theirs, { c: { choice: "mine" } }).result.clauses.map((c) => c.id)).toEqual(["a", "b"]);
    expect(planRound(base, mine, theirs, { c: { choice: "theirs" } }).changed).toEqual([]);
    const edited = planRound(base, mine, theirs, { c: { choice: "edit", title: "争议", body: "争议先协商。" } });
    expect(edited.conflicts).toEqual([]);
    expect(edited.result.clauses.find((c) => c.id === "c")).toMatchObject({ title: "争议", body: "争议先协商。", position: "C" });
  });

  it("R-7: the agreement's title follows the same rule", () => {
    const plan = planRound(base, { ...base, title: "甲" }, { ...base, title: "乙" });
    expect(plan.conflicts.map((c) => c.key)).toEqual([AGREEMENT_TITLE_KEY]);
    expect(planRound(base, { ...base, title: "甲" }, base).result.title).toBe("甲");
  });
});

describe("draft snapshots", () => {
  it("R-2: writeSnapshot brings a document to a snapshot exactly, positions included, touching only what differs", () => {
    const doc = documentFromAgreement({ title: "旧", clauses: [{ id: "x", topic: "rest", title: "休息", body: "每周休息一日。" }] });
    const kept = doc.getMap<Y.Map<unknown>>("clauses").get("x")!.get("body");
    writeSnapshot(doc, { title: "新", clauses: [clause("x", "M", "每周至少休息一日。"), clause("y", "N", "新条款。")] });
    expect(readSnapshot(doc)).toEqual({ title: "新", clauses: [{ ...clause("x", "M", "每周至少休息一日。") }, clause("y", "N", "新条款。")] });
    expect(doc.getMap<Y.Map<unknown>>("clauses").get("x")!.get("body")).toBe(kept);
  });
});
