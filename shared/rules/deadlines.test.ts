import { afterEach, describe, expect, it, vi } from "vitest";
import { STATUTORY_RULES, withRules } from "./config";
import {
  addDays,
  algorithmConsultationDue,
  addMonths,
  chinaToday,
  daysLeft,
  disputeCoordinationEnds,
  filingDeadline,
  isCalendarDate,
  negotiationClocks,
  proposalAnswerDeadline,
  publicationDeadline,
  renewalWindowOpens,
  reviewEnds,
  takesEffectOn,
  termWithinStatutoryRange,
  toDayNumber,
} from "./deadlines";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("calendar arithmetic", () => {
  it("validates dates strictly", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2025-02-29")).toBe(false);
    expect(isCalendarDate("2025-2-3")).toBe(false);
    expect(isCalendarDate("2025-13-01")).toBe(false);
    expect(isCalendarDate("2025-01-01T00:00:00Z")).toBe(false);
    expect(isCalendarDate(20250101)).toBe(false);
    expect(() => toDayNumber("2025-04-31")).toThrow(RangeError);
  });

  it("crosses month, year and leap-day boundaries", () => {
    expect(addDays("2024-02-20", 10)).toBe("2024-03-01");
    expect(addDays("2025-02-20", 10)).toBe("2025-03-02");
    expect(addDays("2025-12-25", 20)).toBe("2026-01-14");
    expect(addDays("2025-03-01", -1)).toBe("2025-02-28");
  });

  it.each(["America/New_York", "Pacific/Kiritimati", "Asia/Shanghai"])("is not shifted by the machine's time zone (%s) or daylight saving", (tz) => {
    vi.stubEnv("TZ", tz);
    // Daylight-saving changes: 2025-03-30 / 2025-10-26 in Europe, 2025-03-09 / 2025-11-02 in the US.
    expect(addDays("2025-03-08", 2)).toBe("2025-03-10");
    expect(daysLeft("2025-11-01", "2025-11-03")).toBe(2);
    expect(addDays("2025-03-29", 2)).toBe("2025-03-31");
    expect(daysLeft("2025-03-29", "2025-03-31")).toBe(2);
    expect(daysLeft("2025-10-25", "2025-10-27")).toBe(2);
  });

  it("adds months with clamping to the month's end", () => {
    expect(addMonths("2025-05-31", -3)).toBe("2025-02-28");
    expect(addMonths("2024-05-31", -3)).toBe("2024-02-29");
    expect(addMonths("2025-01-15", -3)).toBe("2024-10-15");
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28");
    expect(addMonths("2025-06-15", 36)).toBe("2028-06-15");
  });

  it("counts days left: zero on the day, negative when overdue", () => {
    expect(daysLeft("2025-03-21", "2025-03-21")).toBe(0);
    expect(daysLeft("2025-03-20", "2025-03-21")).toBe(1);
    expect(daysLeft("2025-03-22", "2025-03-21")).toBe(-1);
  });

  it("gives today's date in China (UTC+8), not the machine's", () => {
    expect(chinaToday(new Date("2025-03-01T15:59:59Z"))).toBe("2025-03-01");
    expect(chinaToday(new Date("2025-03-01T16:00:00Z"))).toBe("2025-03-02");
  });
});

describe("statutory deadlines", () => {
  it("answer within 20 days, counted from the day after receipt (集体合同规定第三十二条)", () => {
    expect(proposalAnswerDeadline("2025-03-01")).toBe("2025-03-21");
    expect(proposalAnswerDeadline("2025-12-20")).toBe("2026-01-09");
  });

  it("file within 10 days of signing (第四十二条)", () => {
    expect(filingDeadline("2025-06-25")).toBe("2025-07-05");
  });

  it("review ends 15 days after filing and the agreement takes effect the next day (第四十七条)", () => {
    expect(reviewEnds("2025-07-01")).toBe("2025-07-16");
    expect(takesEffectOn("2025-07-01")).toBe("2025-07-17");
    expect(publicationDeadline("2025-07-17")).toBe("2025-07-27");
  });

  it("renewal window opens 3 months before expiry (第三十八条)", () => {
    expect(renewalWindowOpens("2027-12-31")).toBe("2027-09-30");
    expect(renewalWindowOpens("2026-05-31")).toBe("2026-02-28");
  });

  it("dispute coordination: 30 days, 45 with the extension (第五十三条)", () => {
    expect(disputeCoordinationEnds("2025-01-01")).toBe("2025-01-31");
    expect(disputeCoordinationEnds("2025-01-01", true)).toBe("2025-02-15");
  });

  it("L-3: the algorithm-rules consultation is due a year after the last one, or after taking effect (《平台劳动规则和算法协商指引(试行)》2026)", () => {
    expect(algorithmConsultationDue("2026-03-15")).toBe("2027-03-15");
    expect(algorithmConsultationDue("2024-02-29")).toBe("2025-02-28");
  });

  it("follows an override of the figures", () => {
    const rules = withRules({ FILING_DAYS: { ...STATUTORY_RULES.FILING_DAYS, days: 5 } });
    expect(filingDeadline("2025-06-25", rules)).toBe("2025-06-30");
  });

  it("term of 1 to 3 years (第三十八条)", () => {
    expect(termWithinStatutoryRange("2026-01-01", "2027-12-31")).toBe(true);
    expect(termWithinStatutoryRange("2026-01-01", "2026-12-31")).toBe(true);
    expect(termWithinStatutoryRange("2026-01-01", "2028-12-31")).toBe(true);
    expect(termWithinStatutoryRange("2026-01-01", "2026-12-30")).toBe(false);
    expect(termWithinStatutoryRange("2026-01-01", "2029-01-01")).toBe(false);
  });
});

describe("negotiationClocks", () => {
  it("shows only the answer clock after a proposal, running then overdue", () => {
    const running = negotiationClocks({ proposedOn: "2025-03-01" }, "2025-03-21");
    expect(running).toEqual([
      expect.objectContaining({ key: "proposal_answer", due: "2025-03-21", daysLeft: 0, state: "running", sourceZh: "集体合同规定第三十二条" }),
    ]);
    const overdue = negotiationClocks({ proposedOn: "2025-03-01" }, "2025-03-22");
    expect(overdue[0]).toMatchObject({ state: "overdue", daysLeft: -1 });
  });

  it("marks an answer met, and late when given after the deadline", () => {
    expect(negotiationClocks({ proposedOn: "2025-03-01", answeredOn: "2025-03-21" }, "2025-05-01")[0]).toMatchObject({
      state: "met",
      late: false,
    });
    expect(negotiationClocks({ proposedOn: "2025-03-01", answeredOn: "2025-03-22" }, "2025-05-01")[0]).toMatchObject({
      state: "met",
      late: true,
    });
  });

  it("adds filing from signing, then review and publication from filing, then renewal", () => {
    const signed = negotiationClocks({ proposedOn: "2025-03-01", answeredOn: "2025-03-10", signedOn: "2025-06-25" }, "2025-07-06");
    expect(signed.map((c) => c.key)).toEqual(["proposal_answer", "filing"]);
    expect(signed[1]).toMatchObject({ due: "2025-07-05", state: "overdue", daysLeft: -1 });

    const filed = negotiationClocks(
      { proposedOn: "2025-03-01", answeredOn: "2025-03-10", signedOn: "2025-06-25", filedOn: "2025-07-01", expiresOn: "2027-06-30" },
      "2025-07-10",
    );
    expect(filed.map((c) => [c.key, c.state, c.due])).toEqual([
      ["proposal_answer", "met", "2025-03-21"],
      ["filing", "met", "2025-07-05"],
      ["review", "running", "2025-07-16"],
      ["publication", "running", "2025-07-27"],
      ["renewal_window", "running", "2027-03-30"],
    ]);
  });

  it("ends the review period as met, and opens the renewal window on its day", () => {
    const clocks = negotiationClocks(
      { proposedOn: "2025-03-01", answeredOn: "2025-03-10", signedOn: "2025-06-25", filedOn: "2025-07-01", expiresOn: "2025-10-17" },
      "2025-07-17",
    );
    expect(clocks.find((c) => c.key === "review")).toMatchObject({ state: "met", daysLeft: -1 });
    expect(clocks.find((c) => c.key === "renewal_window")).toMatchObject({ due: "2025-07-17", state: "met", daysLeft: 0 });
  });

  it("tracks dispute coordination when a dispute was accepted", () => {
    const clocks = negotiationClocks({ proposedOn: "2025-03-01", answeredOn: "2025-03-05", disputeAcceptedOn: "2025-04-01", disputeExtended: true }, "2025-05-17");
    expect(clocks.at(-1)).toMatchObject({ key: "dispute_coordination", due: "2025-05-16", state: "overdue" });
  });

  it("rejects malformed dates", () => {
    expect(() => negotiationClocks({ proposedOn: "2025/03/01" }, "2025-03-02")).toThrow(RangeError);
  });
});
