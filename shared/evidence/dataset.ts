/**
 * The legal floors a clause is checked against, as data (floors.json), validated by zod when this
 * module loads: a malformed dataset fails the build's tests and the server's start, never a page.
 * Term and renewal figures are not repeated here: they come from shared/rules/config.ts, the one
 * place the bargaining procedure's statutory numbers live.
 */
import { z } from "zod";
import { STATUTORY_RULES } from "../rules/config";
import raw from "./floors.json";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "日期格式应为 YYYY-MM-DD");

export const legalSourceSchema = z.object({
  /** The document's title as published. */
  document: z.string().min(1),
  /** Who issued it. */
  issuer: z.string().min(1),
  issuedOn: isoDate.optional(),
  /** The article (or tier) the figure is in. */
  article: z.string().min(1).optional(),
});
export type LegalSourceEntry = z.infer<typeof legalSourceSchema>;

/** Areas are "province·tier", e.g. 内蒙古·一类. */
export const AREA_PATTERN = /^[\u4e00-\u9fff]{2,8}·[\u4e00-\u9fffA-Za-z0-9]{1,8}$/u;

export const minimumWageRoundSchema = z.object({
  area: z.string().regex(AREA_PATTERN),
  province: z.string().min(1),
  tier: z.string().min(1),
  /** 元 a month (全日制). */
  monthly: z.number().positive().max(100_000),
  /** 元 an hour (非全日制). */
  hourly: z.number().positive().max(1_000),
  effectiveFrom: isoDate,
  source: legalSourceSchema,
  covers: z.string().optional(),
  confirmed: z.boolean(),
});
export type MinimumWageRound = z.infer<typeof minimumWageRoundSchema>;

const summarySchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const ruleBase = { effectiveFrom: isoDate, source: legalSourceSchema, summary: summarySchema, confirmed: z.boolean() };

const ruleFloorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("max"), value: z.number().positive(), unit: z.enum(["hour", "minute", "day", "month", "percent"]), ...ruleBase }),
  z.object({ kind: z.literal("min"), value: z.number().positive(), unit: z.enum(["hour", "minute", "day", "month", "percent"]), ...ruleBase }),
  z.object({ kind: z.literal("present"), ...ruleBase }),
  z.object({ kind: z.literal("wage_monthly"), ...ruleBase }),
  z.object({ kind: z.literal("wage_hourly"), ...ruleBase }),
  z.object({ kind: z.literal("statutory"), statutoryRule: z.enum(["TERM_YEARS", "RENEWAL_WINDOW_MONTHS"]), ...ruleBase }),
]);
export type RuleFloorEntry = z.infer<typeof ruleFloorSchema>;

/** The stable rule keys of the contract (`rule` of a finding). */
export const RULE_KEYS = [
  "rest_prompt_hours",
  "rest_pause_minutes",
  "daily_hours",
  "weekly_hours",
  "weekly_rest_days",
  "pay_cycle",
  "deduction_cap",
  "deduction_remainder",
  "holiday_pay",
  "minimum_wage_monthly",
  "minimum_wage_hourly",
  "agreement_term",
  "renewal_window",
] as const;
export type RuleKey = (typeof RULE_KEYS)[number];

export const floorsDatasetSchema = z
  .object({
    gatheredOn: isoDate,
    note: z.string(),
    minimumWages: z.array(minimumWageRoundSchema).min(1),
    rules: z.object(Object.fromEntries(RULE_KEYS.map((key) => [key, ruleFloorSchema])) as Record<RuleKey, typeof ruleFloorSchema>).strict(),
  })
  .superRefine((dataset, ctx) => {
    const seen = new Set<string>();
    dataset.minimumWages.forEach((round, index) => {
      const key = `${round.area}@${round.effectiveFrom}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["minimumWages", index], message: `重复的最低工资标准 ${key}` });
      seen.add(key);
      if (round.area !== `${round.province}·${round.tier}`) ctx.addIssue({ code: "custom", path: ["minimumWages", index, "area"], message: "area 应为 省份·档次" });
    });
  });
export type FloorsDataset = z.infer<typeof floorsDatasetSchema>;

/** The dataset, parsed at load (throws, naming the entry, when floors.json is malformed). */
export const FLOORS: FloorsDataset = floorsDatasetSchema.parse(raw);

/** A rule's bounds with the numbers resolved: `min`/`max` in the rule's unit (term in years, renewal window in months). */
export interface RuleFloor {
  key: RuleKey;
  entry: RuleFloorEntry;
  min?: number;
  max?: number;
}

export function ruleFloor(key: RuleKey, dataset: FloorsDataset = FLOORS): RuleFloor {
  const entry = dataset.rules[key];
  switch (entry.kind) {
    case "max":
      return { key, entry, max: entry.value };
    case "min":
      return { key, entry, min: entry.value };
    case "statutory":
      if (entry.statutoryRule === "TERM_YEARS") return { key, entry, min: STATUTORY_RULES.TERM_YEARS.minYears, max: STATUTORY_RULES.TERM_YEARS.maxYears };
      return { key, entry, min: STATUTORY_RULES.RENEWAL_WINDOW_MONTHS.months };
    default:
      return { key, entry };
  }
}

/** "《中华人民共和国劳动法》第三十六条", what a finding cites. */
export function citation(source: LegalSourceEntry): string {
  return `${source.document}${source.article ?? ""}`;
}
