/**
 * The ledger's query strings and the coverage form (docs/SPEC.md L-5, L-6): one zod schema each,
 * messages naming the field a bad value came in (catalogue entries: the JSON routes render them
 * Chinese first with the English in brackets, the coverage page in the reader's language).
 */
import { z } from "zod";
import type { RefusalKey } from "../i18n/refusals";
import { fieldMessage, label } from "./issueText";
import { MODES, SCOPES } from "../roles";
import { isCalendarDate } from "../rules/deadlines";
import { REPORT_PERIODS } from "../ledger/period";
import { NEGOTIATION_STATUSES } from "../ledger/types";

export const LEDGER_SORTS = ["title", "proposedOn", "status", "progress", "workers", "due"] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;

function oneOf<T extends readonly [string, ...string[]]>(values: T, name: RefusalKey) {
  const message = fieldMessage("field.oneOf", { label: label(name), values: { zh: values.join("、"), en: values.join(", ") } });
  return z.enum(values, { errorMap: () => ({ message }) }).optional();
}

const orgId = z.string().regex(ORG_ID, fieldMessage("field.orgId")).optional();

/** GET /api/ledger, /ledger, /ledger.xlsx: every filter optional; an empty value means no filter. */
export const ledgerQuerySchema = z
  .object({
    org: orgId,
    scope: oneOf(SCOPES, "label.invalidScope"),
    mode: oneOf(MODES, "label.invalidMode"),
    status: oneOf(NEGOTIATION_STATUSES, "label.invalidStatus"),
    overdue: z.enum(["1", "0", "true", "false"], { errorMap: () => ({ message: fieldMessage("field.overdue") }) }).optional(),
    sort: oneOf(LEDGER_SORTS, "label.invalidSort"),
    dir: oneOf(["asc", "desc"] as const, "label.invalidDirection"),
  })
  .strict()
  .transform((q) => ({ ...q, overdue: q.overdue === "1" || q.overdue === "true" }));
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

export const calendarDateSchema = (name: RefusalKey) =>
  z.string({ required_error: fieldMessage("field.queryRequired", { label: label(name) }) }).refine(isCalendarDate, fieldMessage("field.queryRealDate", { label: label(name) }));

/** GET /ledger/report.(xlsx|pdf): the period that contains `on`, with the ledger's filters. */
export const ledgerReportQuerySchema = z
  .object({
    period: z.enum(REPORT_PERIODS, { errorMap: () => ({ message: fieldMessage("field.period") }) }),
    on: calendarDateSchema("label.reportDate"),
    org: orgId,
  })
  .strict();
export type LedgerReportQuery = z.output<typeof ledgerReportQuerySchema>;

/**
 * Reads a URL's query into a plain object, dropping empty values (a form's "all" option) and
 * Remix's own `_data`; names the first repeated key, which is refused.
 */
export function queryObject(url: URL): { values: Record<string, string>; repeated: string | null } {
  const values: Record<string, string> = {};
  const seen = new Set<string>();
  let repeated: string | null = null;
  for (const [key, value] of url.searchParams) {
    if (key === "_data") continue;
    if (seen.has(key)) repeated ??= key;
    seen.add(key);
    if (value !== "") values[key] = value;
  }
  return { values, repeated };
}

const count = (name: RefusalKey) =>
  z.coerce
    .number({ invalid_type_error: fieldMessage("field.wholeNumber", { label: label(name) }) })
    .int(fieldMessage("field.wholeNumber", { label: label(name) }))
    .min(0, fieldMessage("field.notNegative", { label: label(name) }))
    .max(100_000_000, fieldMessage("field.tooLarge", { label: label(name) }));

/** The coverage form a chief keeps current (覆盖企业数、覆盖职工数、最近一次算法规则协商). */
export const coverageFormSchema = z.object({
  enterprises: count("label.enterprisesCovered"),
  workers: count("label.workersCovered"),
  algorithmConsultedOn: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isCalendarDate(v), fieldMessage("field.algorithmConsultedOn")),
});
export type CoverageForm = z.output<typeof coverageFormSchema>;
