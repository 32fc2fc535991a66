/**
 * What a piece rate means for a rider's month (issue 13), in plain arithmetic a negotiator can
 * follow: monthly income = days × orders a day × pay per order (with the night, weather and
 * distance supplements the text gives), hourly = monthly ÷ (days × hours worked a day), where
 * hours worked = order-taking time + 宽放时间 (人社厅发〔2023〕50号 第四条: platform workers get at
 * least the local hourly minimum for that working time), and the orders an hour needed to reach
 * the hourly minimum = hourly minimum ÷ pay per order.
 */
import { z } from "zod";
import type { RefusalKey } from "../i18n/refusals";
import { fieldMessage, label } from "../schemas/issueText";
import type { PayTerms } from "./payTerms";

/** Limits of the calculator's inputs: beyond them a figure is a typo, not a rider's month. */
export const IMPACT_LIMITS = {
  maxOrdersPerDay: 300,
  maxDaysPerMonth: 31,
  maxHoursPerDay: 24,
  maxExtraKmPerOrder: 100,
} as const;

/** The defaults of the page: docs/domain.md's worked example (40 orders, 26 days, 7.79 h), nothing else. */
export const IMPACT_DEFAULTS = { ordersPerDay: 40, daysPerMonth: 26, hoursPerDay: 7.79, nightShare: 0, weatherDays: 0, extraKm: 0 } as const;

const numberField = (name: RefusalKey, max: number, options: { positive?: boolean } = {}) =>
  z
    .string({ required_error: fieldMessage("field.impactMissing", { label: label(name) }) })
    .trim()
    .min(1, fieldMessage("field.impactMissing", { label: label(name) }))
    .regex(/^\d+(?:\.\d+)?$/u, fieldMessage("field.impactNumber", { label: label(name) }))
    .transform(Number)
    .refine((n) => Number.isFinite(n) && n <= max, fieldMessage("field.impactAtMost", { label: label(name), max }))
    .refine((n) => !options.positive || n > 0, fieldMessage("field.positive", { label: label(name) }));

const optionalNumber = (name: RefusalKey, max: number) => numberField(name, max).optional().default("0");

/** The calculator's inputs as query-string text: one schema for the page and impact.json. */
export const impactInputSchema = z
  .object({
    ordersPerDay: numberField("label.ordersPerDay", IMPACT_LIMITS.maxOrdersPerDay),
    daysPerMonth: numberField("label.daysPerMonth", IMPACT_LIMITS.maxDaysPerMonth, { positive: true }),
    hoursPerDay: numberField("label.hoursPerDay", IMPACT_LIMITS.maxHoursPerDay, { positive: true }),
    nightShare: optionalNumber("label.nightShare", 1),
    weatherDays: optionalNumber("label.weatherDays", IMPACT_LIMITS.maxDaysPerMonth),
    extraKm: optionalNumber("label.extraKm", IMPACT_LIMITS.maxExtraKmPerOrder),
  })
  .superRefine((input, ctx) => {
    if (input.weatherDays > input.daysPerMonth) ctx.addIssue({ code: "custom", path: ["weatherDays"], message: fieldMessage("field.weatherDays") });
  });
export type ImpactInput = z.output<typeof impactInputSchema>;

export interface IncomeFigures {
  /** 元 per order on average, supplements included. */
  perOrder: number;
  monthly: number;
  hourly: number;
  /** Orders an hour needed to reach the hourly minimum at this pay per order. */
  breakEven: number;
}

/** Average pay per order: base + night share × night supplement + extra km × per-km rate + the weather supplement spread over the month. */
export function payPerOrder(terms: PayTerms, input: ImpactInput): number {
  const base = terms.basePerOrder ?? 0;
  return base + input.nightShare * terms.nightPerOrder + input.extraKm * terms.perExtraKm + (input.weatherDays / input.daysPerMonth) * terms.weatherPerOrder;
}

export function incomeFor(terms: PayTerms, input: ImpactInput, hourlyMinimum: number): IncomeFigures {
  const perOrder = payPerOrder(terms, input);
  const monthly = input.ordersPerDay * input.daysPerMonth * perOrder;
  const hourly = monthly / (input.daysPerMonth * input.hoursPerDay);
  return { perOrder, monthly, hourly, breakEven: perOrder > 0 ? hourlyMinimum / perOrder : Number.POSITIVE_INFINITY };
}

export interface ImpactResult {
  from: IncomeFigures;
  to: IncomeFigures;
  change: { monthly: number; percent: number | null };
  floor: { monthly: number; hourly: number };
}

export function computeImpact(from: PayTerms, to: PayTerms, input: ImpactInput, floor: { monthly: number; hourly: number }): ImpactResult {
  const before = incomeFor(from, input, floor.hourly);
  const after = incomeFor(to, input, floor.hourly);
  const change = after.monthly - before.monthly;
  return { from: before, to: after, change: { monthly: change, percent: before.monthly > 0 ? (change / before.monthly) * 100 : null }, floor };
}

/** Money to the fen, percentages and orders an hour to two places: how the page and the API print them. */
export const roundTo = (value: number, places: number) => {
  const factor = 10 ** places;
  return Math.round((value + Number.EPSILON * Math.sign(value)) * factor) / factor;
};

/** Monthly income at each order count, for the chart's line of one version. */
export function incomeCurve(terms: PayTerms, input: ImpactInput, ordersPerDay: readonly number[]): { orders: number; monthly: number }[] {
  return ordersPerDay.map((orders) => ({ orders, monthly: orders * input.daysPerMonth * payPerOrder(terms, input) }));
}
