import { describe, expect, it } from "vitest";
import { STATUTORY_RULES } from "../rules/config";
import { FLOORS, floorsDatasetSchema, RULE_KEYS, ruleFloor } from "./dataset";
import { roundInForce } from "./floorsInForce";
import raw from "./floors.json";

describe("the floors dataset (EV-1, EV-2)", () => {
  it("EV-1 holds docs/domain.md's Inner Mongolia rounds", () => {
    const round = (area: string, on: string) => roundInForce(FLOORS.minimumWages, area, on);
    expect(round("内蒙古·一类", "2026-12-01")).toMatchObject({ monthly: 2270, hourly: 22.4, effectiveFrom: "2024-12-01" });
    expect(round("内蒙古·二类", "2026-12-01")).toMatchObject({ monthly: 2200, hourly: 21.7 });
    expect(round("内蒙古·三类", "2026-12-01")).toMatchObject({ monthly: 2140, hourly: 21.1 });
    expect(round("内蒙古·一类", "2024-11-30")).toMatchObject({ monthly: 1980, hourly: 20.8, effectiveFrom: "2021-12-01" });
    expect(round("内蒙古·二类", "2023-06-01")).toMatchObject({ monthly: 1910, hourly: 20.1 });
    expect(round("内蒙古·三类", "2023-06-01")).toMatchObject({ monthly: 1850, hourly: 19.5 });
    expect(round("河北·一类", "2024-01-01")).toMatchObject({ monthly: 2200, hourly: 22, confirmed: false });
    expect(round("内蒙古·一类", "2021-11-30")).toBeNull();
    expect(round("火星·一类", "2026-12-01")).toBeNull();
  });

  it("EV-1 cites a source document, issuer, article and effective date for every entry", () => {
    for (const round of FLOORS.minimumWages) {
      expect(round.source.document.length).toBeGreaterThan(0);
      expect(round.source.issuer.length).toBeGreaterThan(0);
      expect(round.source.article).toBeTruthy();
    }
    for (const key of RULE_KEYS) {
      const entry = FLOORS.rules[key];
      expect(entry.source.article, key).toMatch(/第.+条/u);
      expect(entry.effectiveFrom, key).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      expect(typeof entry.confirmed).toBe("boolean");
    }
  });

  it("EV-1 holds the rule figures of docs/domain.md, term and renewal taken from shared/rules/config.ts", () => {
    expect(ruleFloor("rest_prompt_hours").max).toBe(4);
    expect(ruleFloor("rest_pause_minutes").min).toBe(20);
    expect(ruleFloor("daily_hours").max).toBe(8);
    expect(ruleFloor("weekly_hours").max).toBe(44);
    expect(ruleFloor("weekly_rest_days").min).toBe(1);
    expect(ruleFloor("pay_cycle").max).toBe(1);
    expect(ruleFloor("deduction_cap").max).toBe(20);
    expect(ruleFloor("holiday_pay").min).toBe(300);
    expect(ruleFloor("agreement_term")).toMatchObject({ min: STATUTORY_RULES.TERM_YEARS.minYears, max: STATUTORY_RULES.TERM_YEARS.maxYears });
    expect(ruleFloor("renewal_window").min).toBe(STATUTORY_RULES.RENEWAL_WINDOW_MONTHS.months);
    expect(FLOORS.rules.agreement_term.confirmed).toBe(!STATUTORY_RULES.TERM_YEARS.check);
    expect(FLOORS.rules.renewal_window.confirmed).toBe(!STATUTORY_RULES.RENEWAL_WINDOW_MONTHS.check);
  });

  it("EV-1 refuses a malformed dataset, naming the entry", () => {
    const broken = structuredClone(raw) as { minimumWages: Record<string, unknown>[] };
    broken.minimumWages[0]!.monthly = -1;
    const result = floorsDatasetSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["minimumWages", 0, "monthly"]);
    const duplicated = structuredClone(raw) as { minimumWages: unknown[] };
    duplicated.minimumWages.push(duplicated.minimumWages[0]);
    expect(floorsDatasetSchema.safeParse(duplicated).success).toBe(false);
  });
});
