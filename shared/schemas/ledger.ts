/**
 * The ledger's query strings and the coverage form (docs/SPEC.md L-5, L-6): one zod schema each,
 * messages Chinese first with the English after, naming the field a bad value came in.
 */
import { z } from "zod";
import { MODES, SCOPES } from "../roles";
import { isCalendarDate } from "../rules/deadlines";
import { REPORT_PERIODS } from "../ledger/period";
import { NEGOTIATION_STATUSES } from "../ledger/types";

export const LEDGER_SORTS = ["title", "proposedOn", "status", "progress", "workers", "due"] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;

function oneOf<T extends readonly [string, ...string[]]>(values: T, zh: string, en: string) {
  return z.enum(values, { errorMap: () => ({ message: `${zh}:应为 ${values.join("、")} 之一 (${en}: one of ${values.join(", ")})` }) }).optional();
}

/** GET /api/ledger, /ledger, /ledger.xlsx: every filter optional; an empty value means no filter. */
export const ledgerQuerySchema = z
  .object({
    org: z.string().regex(ORG_ID, "组织编号格式不正确 (malformed organisation id)").optional(),
    scope: oneOf(SCOPES, "协商范围无效", "invalid scope"),
    mode: oneOf(MODES, "协商方式无效", "invalid mode"),
    status: oneOf(NEGOTIATION_STATUSES, "状态无效", "invalid status"),
    overdue: z.enum(["1", "0", "true", "false"], { errorMap: () => ({ message: "仅看逾期应为 1 或 0 (overdue: 1 or 0)" }) }).optional(),
    sort: oneOf(LEDGER_SORTS, "排序字段无效", "invalid sort"),
    dir: oneOf(["asc", "desc"] as const, "排序方向无效", "invalid direction"),
  })
  .strict()
  .transform((q) => ({ ...q, overdue: q.overdue === "1" || q.overdue === "true" }));
export type LedgerQuery = z.output<typeof ledgerQuerySchema>;

export const calendarDateSchema = (zh: string, en: string) =>
  z.string({ required_error: `${zh}:必填 (${en}: required)` }).refine(isCalendarDate, `${zh}:应为存在的日期 YYYY-MM-DD (${en}: a real date YYYY-MM-DD)`);

/** GET /ledger/report.(xlsx|pdf): the period that contains `on`, with the ledger's filters. */
export const ledgerReportQuerySchema = z
  .object({
    period: z.enum(REPORT_PERIODS, { errorMap: () => ({ message: "报告周期应为 week(周调度)或 month(月调度) (period: week or month)" }) }),
    on: calendarDateSchema("报告日期", "on"),
    org: z.string().regex(ORG_ID, "组织编号格式不正确 (malformed organisation id)").optional(),
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

const count = (zh: string, en: string) =>
  z.coerce
    .number({ invalid_type_error: `${zh}应为整数 (${en}: a whole number)` })
    .int(`${zh}应为整数 (${en}: a whole number)`)
    .min(0, `${zh}不能为负数 (${en}: not negative)`)
    .max(100_000_000, `${zh}过大 (${en}: too large)`);

/** The coverage form a chief keeps current (覆盖企业数、覆盖职工数、最近一次算法规则协商). */
export const coverageFormSchema = z.object({
  enterprises: count("覆盖企业数", "enterprises covered"),
  workers: count("覆盖职工数", "workers covered"),
  algorithmConsultedOn: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isCalendarDate(v), "最近一次算法规则协商日期应为 YYYY-MM-DD (last algorithm consultation: a real date)"),
});
export type CoverageForm = z.output<typeof coverageFormSchema>;
