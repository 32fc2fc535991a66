import { describe, expect, it } from "vitest";
import v1 from "~/db/seed-data/agreement-v1.json";
import v2 from "~/db/seed-data/agreement-v2.json";
import { agreementContentSchema, type AgreementContent } from "./agreement";
import { compareAgreements } from "./diff/compareAgreements";
import { clauseHistory, countChangedClauses } from "./versionHistory";

const first = agreementContentSchema.parse(v1);
const second = agreementContentSchema.parse(v2);

describe("countChangedClauses", () => {
  it("agrees with the full comparison on the fixtures, both ways, and is 0 against itself", () => {
    const full = (a: AgreementContent, b: AgreementContent) => compareAgreements(a, b).clauses.filter((c) => c.changes.length > 0).length;
    expect(countChangedClauses(first, second)).toBe(full(first, second));
    expect(countChangedClauses(second, first)).toBe(full(second, first));
    expect(countChangedClauses(second, second)).toBe(0);
  });
});

describe("clauseHistory", () => {
  it("follows one clause through added, changed, deleted and restored", () => {
    // The clause whose price the first fixture puts at 5.5元, found by its text.
    const priced = first.clauses.find((c) => c.body.includes("5.5元"))!.id;
    const without = { ...second, clauses: second.clauses.filter((c) => c.id !== priced) };
    const steps = clauseHistory(priced, [
      { version: "a", content: without },
      { version: "b", content: first },
      { version: "c", content: second },
      { version: "d", content: second },
      { version: "e", content: without },
      { version: "f", content: first },
    ]);
    expect(steps.map((s) => s.changes)).toEqual([["absent"], ["added"], ["text"], ["unchanged"], ["deleted"], ["added"]]);
    const struck = steps[2]!.parts.body.filter((p) => p.kind === "delete").map((p) => p.text).join("");
    const inserted = steps[2]!.parts.body.filter((p) => p.kind === "insert").map((p) => p.text).join("");
    expect(struck).toContain("5.5元");
    expect(inserted).toContain("5元");
    // Restored after deletion: diffed against the last text it had (second), so 5元 → 5.5元 shows.
    expect(steps[5]!.parts.body.some((p) => p.kind === "insert" && p.text.includes("5.5元"))).toBe(true);
  });
});
