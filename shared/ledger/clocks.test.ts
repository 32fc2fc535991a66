import { describe, expect, it } from "vitest";
import { ledgerClocks, type LedgerDates } from "./clocks";
import { inPeriod, periodContaining } from "./period";

const NONE: Omit<LedgerDates, "proposedOn"> = {
  answeredOn: null,
  signedOn: null,
  filedOn: null,
  reviewedOn: null,
  effectiveOn: null,
  publishedOn: null,
  expiresOn: null,
  algorithmConsultedOn: null,
};

describe("ledger clocks (SPEC L-3)", () => {
  it("L-3: the answer clock runs 20 days from the 要约 and is flagged once past", () => {
    const dates = { ...NONE, proposedOn: "2026-11-10" };
    expect(ledgerClocks(dates, "2026-11-30")).toEqual({ clocks: [{ kind: "answer", due: "2026-11-30", daysLeft: 0, overdue: false }], overdue: [], inForce: false });
    expect(ledgerClocks(dates, "2026-12-01").overdue).toEqual(["answer"]);
    expect(ledgerClocks({ ...dates, answeredOn: "2026-11-20" }, "2026-12-01").clocks).toEqual([]);
  });

  it("L-3: a date after the day asked about has not happened yet (reproducible past reports)", () => {
    const dates = { ...NONE, proposedOn: "2026-11-10", answeredOn: "2026-12-05" };
    expect(ledgerClocks(dates, "2026-12-02").overdue).toEqual(["answer"]);
    expect(ledgerClocks(dates, "2026-12-05").overdue).toEqual([]);
  });

  it("L-3: filing within 10 days of signing, the review's 15 days, then publication within 10 days of taking effect", () => {
    const signed = { ...NONE, proposedOn: "2026-01-05", answeredOn: "2026-01-10", signedOn: "2026-06-01" };
    expect(ledgerClocks(signed, "2026-06-12")).toMatchObject({ clocks: [{ kind: "filing", due: "2026-06-11", daysLeft: -1, overdue: true }], overdue: ["filing"] });
    const filed = { ...signed, filedOn: "2026-06-05" };
    expect(ledgerClocks(filed, "2026-06-10").clocks).toEqual([{ kind: "review", due: "2026-06-20", daysLeft: 10, overdue: false }]);
    expect(ledgerClocks(filed, "2026-06-21").overdue).toEqual(["review"]);
    const effective = { ...filed, reviewedOn: "2026-06-20", effectiveOn: "2026-06-21", expiresOn: "2029-06-20" };
    const state = ledgerClocks(effective, "2026-07-02");
    expect(state.inForce).toBe(true);
    expect(state.overdue).toEqual(["publication"]);
    expect(state.clocks.map((c) => c.kind)).toEqual(["publication", "renewal", "algorithm"]);
    expect(ledgerClocks({ ...effective, publishedOn: "2026-06-25" }, "2026-07-02").overdue).toEqual([]);
  });

  it("L-3: the renewal window is flagged while open (last 3 months), and the yearly algorithm consultation once past due", () => {
    const base = { ...NONE, proposedOn: "2023-01-05", answeredOn: "2023-01-10", signedOn: "2023-05-01", filedOn: "2023-05-05", reviewedOn: "2023-05-20", effectiveOn: "2023-05-21", publishedOn: "2023-05-25", expiresOn: "2026-05-20" };
    expect(ledgerClocks({ ...base, algorithmConsultedOn: "2026-01-10" }, "2026-02-19").clocks.find((c) => c.kind === "renewal")).toEqual({ kind: "renewal", due: "2026-02-20", daysLeft: 1, overdue: false });
    const open = ledgerClocks({ ...base, algorithmConsultedOn: "2026-01-10" }, "2026-02-20");
    expect(open.overdue).toEqual(["renewal"]);
    expect(open.clocks.find((c) => c.kind === "renewal")).toMatchObject({ due: "2026-05-20", daysLeft: 89 });
    expect(ledgerClocks({ ...base, algorithmConsultedOn: "2025-01-10" }, "2026-01-11").overdue).toEqual(["algorithm"]);
    expect(ledgerClocks({ ...base, algorithmConsultedOn: null }, "2024-05-22").overdue).toEqual(["algorithm"]);
    const expired = ledgerClocks(base, "2026-05-21");
    expect(expired).toEqual({ clocks: [], overdue: [], inForce: false });
  });
});

describe("report periods (SPEC L-8)", () => {
  it("L-8: a week runs Monday to Sunday, a month from its first to its last day", () => {
    expect(periodContaining("week", "2026-12-02")).toEqual({ period: "week", from: "2026-11-30", to: "2026-12-06" });
    expect(periodContaining("week", "2026-11-30")).toEqual({ period: "week", from: "2026-11-30", to: "2026-12-06" });
    expect(periodContaining("week", "2026-12-06").from).toBe("2026-11-30");
    expect(periodContaining("week", "2027-01-01")).toEqual({ period: "week", from: "2026-12-28", to: "2027-01-03" });
    expect(periodContaining("month", "2028-02-10")).toEqual({ period: "month", from: "2028-02-01", to: "2028-02-29" });
    expect(inPeriod("2026-12-06", { from: "2026-11-30", to: "2026-12-06" })).toBe(true);
    expect(inPeriod("2026-12-07", { from: "2026-11-30", to: "2026-12-06" })).toBe(false);
    expect(inPeriod(null, { from: "2026-11-30", to: "2026-12-06" })).toBe(false);
  });
});
