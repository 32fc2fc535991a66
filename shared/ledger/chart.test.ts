import { describe, expect, it } from "vitest";
import { stageCounts, stageOf, workersOverTime } from "./chart";
import type { LedgerRow } from "./types";

function row(over: Partial<LedgerRow["dates"]> & { status?: LedgerRow["status"]; workers?: number }): LedgerRow {
  const { status = "bargaining", workers = 0, ...dates } = over;
  return {
    negotiationId: Math.random().toString(36).slice(2),
    title: "t",
    scope: "sector",
    mode: "represent",
    status,
    region: "",
    industry: "",
    unionOrgId: "u",
    unionOrgName: "",
    enterpriseOrgId: "e",
    enterpriseOrgName: "",
    higherUnionOrgId: null,
    higherUnionOrgName: null,
    coverage: { enterprises: 1, workers },
    progress: { agreed: 0, total: 0 },
    dates: { proposedOn: "2026-01-01", answerDue: "2026-01-21", answeredOn: null, signedOn: null, filedOn: null, effectiveOn: null, publishedOn: null, expiresOn: null, algorithmConsultedOn: null, ...dates },
    clocks: [],
    overdue: [],
    inForce: false,
    participant: false,
  };
}

describe("ledger chart series (SPEC L-10)", () => {
  it("L-10: stages count an expired agreement apart from one in force, and a suspended negotiation as bargaining", () => {
    const rows = [
      row({ status: "effective", effectiveOn: "2025-01-01", expiresOn: "2027-12-31" }),
      row({ status: "effective", effectiveOn: "2023-01-01", expiresOn: "2025-12-31" }),
      row({ status: "suspended" }),
      row({ status: "proposed" }),
    ];
    expect(stageOf(rows[1], "2026-06-01")).toBe("expired");
    expect(Object.fromEntries(stageCounts(rows, "2026-06-01").map((s) => [s.stage, s.count]))).toEqual({ proposed: 1, bargaining: 1, ratified: 0, signed: 0, filed: 0, effective: 1, expired: 1 });
  });

  it("L-10: workers covered at each month's end count the agreements in force on that day", () => {
    const rows = [row({ effectiveOn: "2026-03-15", expiresOn: "2029-03-14", workers: 100 }), row({ effectiveOn: "2025-01-01", expiresOn: "2026-04-30", workers: 40 })];
    const series = workersOverTime(rows, "2026-06-10", 4);
    expect(series).toEqual([
      { month: "2026-03", workers: 140 },
      { month: "2026-04", workers: 140 },
      { month: "2026-05", workers: 100 },
      { month: "2026-06", workers: 100 },
    ]);
  });
});
