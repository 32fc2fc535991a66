import { z } from "zod";
import type { RefusalKey } from "../i18n/refusals";
import { RECORD_ID_PATTERN } from "../agreement";
import { AREA_PATTERN } from "../evidence/dataset";
import { fieldMessage, label } from "./issueText";
import { LIVE } from "./version";

/**
 * Forms and query strings of the evidence feature (issue 13), one schema each, used by the page
 * for instant feedback and by the server for the real check. Messages are catalogue entries
 * (shared/i18n/schemaMessages.ts), rendered in the reader's language.
 */

const yuan = (name: RefusalKey, max: number) =>
  z.coerce
    .number({ invalid_type_error: fieldMessage("field.number", { label: label(name) }) })
    .refine((n) => Number.isFinite(n), fieldMessage("field.number", { label: label(name) }))
    .refine((n) => n > 0, fieldMessage("field.positive", { label: label(name) }))
    .refine((n) => n <= max, fieldMessage("field.atMostYuan", { label: label(name), max }))
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, fieldMessage("field.twoDecimals", { label: label(name) }));

const chineseName = (name: RefusalKey) =>
  z
    .string({ required_error: fieldMessage("field.fill", { label: label(name) }) })
    .trim()
    .min(1, fieldMessage("field.fill", { label: label(name) }))
    .max(8, fieldMessage("field.maxWords", { label: label(name), max: 8 }))
    .regex(/^[\u4e00-\u9fffA-Za-z0-9]+$/u, fieldMessage("field.chineseName", { label: label(name) }));

/** An administrator's new minimum-wage round. */
export const newMinimumWageRoundSchema = z
  .object({
    intent: z.literal("addRound"),
    province: chineseName("label.province"),
    tier: chineseName("label.tier"),
    monthly: yuan("label.monthlyMinimum", 100_000),
    hourly: yuan("label.hourlyMinimum", 1_000),
    effectiveFrom: z
      .string({ required_error: fieldMessage("field.fill", { label: label("label.effectiveFrom") }) })
      .regex(/^\d{4}-\d{2}-\d{2}$/u, fieldMessage("field.dateFormat", { label: label("label.effectiveFrom") }))
      .refine(
        (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
        fieldMessage("field.notARealDate", { label: label("label.effectiveFrom") }),
      ),
    source: z
      .string({ required_error: fieldMessage("field.fill", { label: label("label.sourceDocument") }) })
      .trim()
      .min(4, fieldMessage("field.sourceDocument"))
      .max(300, fieldMessage("field.maxWords", { label: label("label.source"), max: 300 })),
    confirmed: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true"),
  })
  .refine((round) => AREA_PATTERN.test(`${round.province}·${round.tier}`), { path: ["province"], message: fieldMessage("field.province") })
  .refine((round) => round.hourly < round.monthly, { path: ["hourly"], message: fieldMessage("field.hourlyBelowMonthly") });
export type NewMinimumWageRound = z.output<typeof newMinimumWageRoundSchema>;

/** A chief's choice of the negotiation's minimum-wage area (the list of areas is checked by the command). */
export const wageAreaSchema = z.object({
  area: z
    .string({ required_error: fieldMessage("field.choose", { label: label("label.wageArea") }) })
    .trim()
    .regex(AREA_PATTERN, fieldMessage("field.area")),
});

/** `evidence.json?version=V`: a version id or `live` (the default). */
export const evidenceQuerySchema = z.object({
  version: z
    .string()
    .trim()
    .regex(RECORD_ID_PATTERN, fieldMessage("field.versionId"))
    .optional()
    .default(LIVE),
});

/** An optional `area` on evidence.json and impact.json: another area's floors than the negotiation's. */
export const areaQuerySchema = z
  .string()
  .trim()
  .regex(AREA_PATTERN, fieldMessage("field.area"))
  .optional();
