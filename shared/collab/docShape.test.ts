import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import v1 from "~/db/seed-data/agreement-v1.json";
import v2 from "~/db/seed-data/agreement-v2.json";
import type { AgreementContent } from "../agreement";
import { applyAgreement, documentFromAgreement, insertClause, moveClause, orderedClauses, readAgreement } from "./docShape";

const first = { title: v1.title, clauses: v1.clauses } as AgreementContent;
const second = { title: v2.title, clauses: v2.clauses } as AgreementContent;

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("agreement document shape", () => {
  it("round-trips the fixture through the contract's shape in document order", () => {
    const doc = documentFromAgreement(first);
    expect(readAgreement(doc)).toEqual(first);
    const id = first.clauses[0].id; // the fixture's own first clause
    expect(doc.getMap("clauses").get(id)).toBeInstanceOf(Y.Map);
    expect((doc.getMap("clauses").get(id) as Y.Map<unknown>).get("body")).toBeInstanceOf(Y.Text);
  });

  it("restoring another version yields exactly that version (added, deleted, moved clauses)", () => {
    const doc = documentFromAgreement(first);
    applyAgreement(doc, second, "restore");
    expect(readAgreement(doc)).toEqual(second);
    applyAgreement(doc, first, "restore");
    expect(readAgreement(doc)).toEqual(first);
  });

  it("keeps an edit made while someone else moves the clause", () => {
    const a = documentFromAgreement(first);
    const b = new Y.Doc();
    sync(a, b);
    const moved = first.clauses[6].id; // a clause from the middle of the fixture
    moveClause(a, moved, 0);
    const body = orderedClauses(b).find((c) => c.id === moved)!.body;
    body.insert(0, "【修改】");
    sync(a, b);
    const merged = readAgreement(a);
    expect(merged.clauses[0].id).toBe(moved);
    expect(merged.clauses[0].body.startsWith("【修改】")).toBe(true);
    expect(readAgreement(b)).toEqual(merged);
  });

  it("inserts a clause right after the given one", () => {
    const doc = documentFromAgreement(first);
    const after = first.clauses[13].id;
    insertClause(doc, { id: "n1", topic: "pay_method", title: "新条款", body: "" }, after);
    const ids = readAgreement(doc).clauses.map((c) => c.id);
    expect(ids[ids.indexOf(after) + 1]).toBe("n1");
  });

  it("skips malformed clause entries a hostile client might write", () => {
    const doc = documentFromAgreement(first);
    doc.getMap("clauses").set("junk", "not a map");
    const bad = new Y.Map();
    bad.set("position", 5);
    doc.getMap("clauses").set("bad", bad);
    expect(readAgreement(doc).clauses).toHaveLength(first.clauses.length);
  });
});
