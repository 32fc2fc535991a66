import { describe, expect, it } from "vitest";
import { STATUTORY_RULES, withRules } from "./config";

describe("STATUTORY_RULES", () => {
  it("holds the figures of docs/domain.md", () => {
    expect(STATUTORY_RULES.PROPOSAL_ANSWER_DAYS.days).toBe(20);
    expect(STATUTORY_RULES.MIN_REPRESENTATIVES_PER_SIDE.count).toBe(3);
    expect(STATUTORY_RULES.OUTSIDE_EXPERT_MAX_FRACTION.fraction).toEqual({ numerator: 1, denominator: 3 });
    expect(STATUTORY_RULES.RATIFICATION_ATTENDANCE).toMatchObject({ fraction: { numerator: 2, denominator: 3 }, inclusive: true });
    expect(STATUTORY_RULES.RATIFICATION_APPROVAL).toMatchObject({ fraction: { numerator: 1, denominator: 2 }, inclusive: false });
    expect(STATUTORY_RULES.FILING_DAYS.days).toBe(10);
    expect(STATUTORY_RULES.REVIEW_DAYS.days).toBe(15);
    expect(STATUTORY_RULES.PUBLICATION_DAYS.days).toBe(10);
    expect(STATUTORY_RULES.TERM_YEARS).toMatchObject({ minYears: 1, maxYears: 3 });
    expect(STATUTORY_RULES.RENEWAL_WINDOW_MONTHS.months).toBe(3);
    expect(STATUTORY_RULES.DISPUTE_COORDINATION_DAYS.days).toBe(30);
    expect(STATUTORY_RULES.DISPUTE_EXTENSION_DAYS.days).toBe(15);
    expect(STATUTORY_RULES.ALGORITHM_CONSULTATION_MONTHS.months).toBe(12);
  });

  it("cites a source for every rule and flags the ones docs/domain.md marks (check)", () => {
    for (const rule of Object.values(STATUTORY_RULES)) {
      expect(rule.source.zh).toMatch(/第.+条|指引/);
      expect(rule.source.en.length).toBeGreaterThan(0);
    }
    expect(STATUTORY_RULES.DISPUTE_COORDINATION_DAYS.check).toBe(true);
    expect(STATUTORY_RULES.DISPUTE_EXTENSION_DAYS.check).toBe(true);
  });

  it("is deeply frozen", () => {
    expect(Object.isFrozen(STATUTORY_RULES)).toBe(true);
    expect(Object.isFrozen(STATUTORY_RULES.FILING_DAYS)).toBe(true);
    expect(Object.isFrozen(STATUTORY_RULES.RATIFICATION_ATTENDANCE.fraction)).toBe(true);
    expect(() => {
      (STATUTORY_RULES.FILING_DAYS as { days: number }).days = 30;
    }).toThrow(TypeError);
  });

  it("derives an override without touching the original", () => {
    const local = withRules({ FILING_DAYS: { ...STATUTORY_RULES.FILING_DAYS, days: 7 } });
    expect(local.FILING_DAYS.days).toBe(7);
    expect(local.REVIEW_DAYS.days).toBe(15);
    expect(STATUTORY_RULES.FILING_DAYS.days).toBe(10);
    expect(Object.isFrozen(local.FILING_DAYS)).toBe(true);
  });
});
