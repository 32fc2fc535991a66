import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeImpact, IMPACT_DEFAULTS, impactInputSchema, incomeFor, roundTo, type ImpactInput } from "./impact";
import type { PayTerms } from "./payTerms";
import { fieldErrorText, refusalText } from "../i18n/refusals";
import { issueText } from "../schemas/issueText";

const terms = (base: number, extra: Partial<PayTerms> = {}): PayTerms => ({ basePerOrder: base, nightPerOrder: 0, weatherPerOrder: 0, perExtraKm: 0, sources: {}, ...extra });
const input = (values: Record<string, string>): ImpactInput => impactInputSchema.parse(values);
const FLOOR = { monthly: 2270, hourly: 22.4 };

describe("impact arithmetic (EV-6)", () => {
  it("EV-6 gives docs/domain.md's worked example: 5.5元 → 5元 at 40 orders, 26 days, 7.79 h", () => {
    const result = computeImpact(terms(5.5), terms(5), input({ ordersPerDay: "40", daysPerMonth: "26", hoursPerDay: "7.79" }), FLOOR);
    expect(roundTo(result.from.monthly, 2)).toBe(5720);
    expect(roundTo(result.to.monthly, 2)).toBe(5200);
    expect(roundTo(result.change.monthly, 2)).toBe(-520);
    expect(roundTo(result.change.percent!, 1)).toBe(-9.1);
    expect(roundTo(result.from.hourly, 2)).toBe(28.24);
    expect(roundTo(result.to.hourly, 2)).toBe(25.67);
    expect(roundTo(result.to.breakEven, 2)).toBe(4.48);
  });

  it("EV-6 adds the night, weather and distance supplements as the text gives them", () => {
    const withSupplements = terms(5, { nightPerOrder: 0.5, weatherPerOrder: 1.5, perExtraKm: 0.8 });
    const figures = incomeFor(withSupplements, input({ ordersPerDay: "40", daysPerMonth: "26", hoursPerDay: "8", nightShare: "0.25", weatherDays: "4", extraKm: "1" }), 22.4);
    // per order: 5 + 0.25×0.5 + 1×0.8 + (4/26)×1.5
    expect(figures.perOrder).toBeCloseTo(5 + 0.125 + 0.8 + (4 / 26) * 1.5, 10);
    // the weather supplement is paid on the orders of the 4 bad-weather days only
    expect(figures.monthly).toBeCloseTo(40 * 26 * (5 + 0.125 + 0.8) + 4 * 40 * 1.5, 8);
  });

  it("EV-6 monthly income is linear in orders a day and hourly is monthly over hours worked", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 1, max: 240 }).map((n) => n / 10),
        fc.integer({ min: 1, max: 2000 }).map((n) => n / 100),
        (orders, days, hours, base) => {
          const values = input({ ordersPerDay: String(orders), daysPerMonth: String(days), hoursPerDay: String(hours) });
          const once = incomeFor(terms(base), values, 22.4);
          const twice = incomeFor(terms(base), { ...values, ordersPerDay: orders * 2 }, 22.4);
          expect(twice.monthly).toBeCloseTo(once.monthly * 2, 6);
          expect(once.hourly * days * hours).toBeCloseTo(once.monthly, 6);
          // at exactly the break-even rate of orders an hour, the hourly income is the minimum
          expect(once.breakEven * base).toBeCloseTo(22.4, 8);
        },
      ),
    );
  });

  it("EV-6 the change is the difference of the two months, its percent relative to the earlier one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 300 }), (a, b, orders) => {
        const values = input({ ordersPerDay: String(orders), daysPerMonth: "26", hoursPerDay: "8" });
        const result = computeImpact(terms(a / 100), terms(b / 100), values, FLOOR);
        expect(result.change.monthly).toBeCloseTo(result.to.monthly - result.from.monthly, 6);
        expect(result.change.percent!).toBeCloseTo(((b - a) / a) * 100, 6);
        expect(Math.sign(result.change.monthly)).toBe(Math.sign(b - a));
      }),
    );
  });
});

describe("impact inputs (EV-7)", () => {
  const base = { ordersPerDay: "40", daysPerMonth: "26", hoursPerDay: "7.79" };
  const errorOf = (values: Record<string, string | undefined>) => {
    const result = impactInputSchema.safeParse(values);
    return result.success ? null : { field: result.error.issues[0]!.path[0], message: fieldErrorText("zh", issueText(result.error.issues[0]!)) };
  };

  it("EV-7 names the field, Chinese first, for a missing, non-numeric, negative or absurd value", () => {
    expect(errorOf({ ...base, ordersPerDay: undefined })).toEqual({ field: "ordersPerDay", message: "缺少每日单量 (Enter the number of orders a day)" });
    expect(errorOf({ ...base, ordersPerDay: "abc" })?.field).toBe("ordersPerDay");
    expect(errorOf({ ...base, daysPerMonth: "-3" })?.message).toMatch(/^每月工作天数/u);
    expect(errorOf({ ...base, ordersPerDay: "1e12" })?.field).toBe("ordersPerDay");
    expect(errorOf({ ...base, ordersPerDay: "1000000000000" })?.message).toContain("不能超过 300");
    expect(errorOf({ ...base, hoursPerDay: "0" })?.field).toBe("hoursPerDay");
    expect(errorOf({ ...base, nightShare: "1.5" })?.field).toBe("nightShare");
    expect(errorOf({ ...base, weatherDays: "27" })?.field).toBe("weatherDays");
  });

  it("EV-7 names every input in words in English, never by its parameter name (which stays the `field`)", () => {
    const fields = Object.keys(IMPACT_DEFAULTS) as (keyof typeof IMPACT_DEFAULTS)[];
    const wrong: Record<keyof typeof IMPACT_DEFAULTS, string> = { ordersPerDay: "abc", daysPerMonth: "0", hoursPerDay: "25", nightShare: "2", weatherDays: "27", extraKm: "-1" };
    for (const field of fields) {
      const english = refusalText("en", { key: `label.${field}` });
      expect(english, field).not.toContain(field);
      expect(english, `${field}: words, not a camelCase name`).toMatch(/^[a-z]+( [a-z-]+)+$/u);
      const issue = impactInputSchema.safeParse({ ...base, [field]: wrong[field] }).error!.issues[0]!;
      expect(issue.path, field).toEqual([field]);
      const message = fieldErrorText("en", issueText(issue));
      expect(message, `${field}: ${message}`).not.toMatch(/[a-z][A-Z]/u);
    }
    expect(fieldErrorText("en", issueText(impactInputSchema.safeParse({ ...base, weatherDays: "27" }).error!.issues[0]!))).toBe("The bad-weather days cannot be more than the working days a month");
  });

  it("EV-7 counts omitted optional inputs as 0", () => {
    expect(impactInputSchema.parse(base)).toEqual({ ordersPerDay: 40, daysPerMonth: 26, hoursPerDay: 7.79, nightShare: 0, weatherDays: 0, extraKm: 0 });
  });
});
