import { z } from "zod";
import { RECORD_ID_PATTERN } from "../agreement";
import { AREA_PATTERN } from "../evidence/dataset";
import { LIVE } from "./version";

/**
 * Forms and query strings of the evidence feature (issue 13), one schema each, used by the page
 * for instant feedback and by the server for the real check. Query-string messages carry the
 * English after the Chinese, since scripts read them.
 */

const yuan = (zh: string, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${zh}应为数字` })
    .refine((n) => Number.isFinite(n), `${zh}应为数字`)
    .refine((n) => n > 0, `${zh}应大于 0`)
    .refine((n) => n <= max, `${zh}不能超过 ${max} 元`)
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, `${zh}最多保留两位小数`);

const chineseName = (zh: string) =>
  z
    .string({ required_error: `请填写${zh}` })
    .trim()
    .min(1, `请填写${zh}`)
    .max(8, `${zh}最多 8 个字`)
    .regex(/^[\u4e00-\u9fffA-Za-z0-9]+$/u, `${zh}只能包含汉字、字母和数字`);

/** An administrator's new minimum-wage round. */
export const newMinimumWageRoundSchema = z
  .object({
    intent: z.literal("addRound"),
    province: chineseName("省份(地区)"),
    tier: chineseName("档次"),
    monthly: yuan("月最低工资", 100_000),
    hourly: yuan("小时最低工资", 1_000),
    effectiveFrom: z
      .string({ required_error: "请填写生效日期" })
      .regex(/^\d{4}-\d{2}-\d{2}$/u, "生效日期格式应为 YYYY-MM-DD")
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "生效日期不是有效日期"),
    source: z.string({ required_error: "请填写来源文件" }).trim().min(4, "请填写来源文件(发文机关与文件名)").max(300, "来源最多 300 个字"),
    confirmed: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true"),
  })
  .refine((round) => AREA_PATTERN.test(`${round.province}·${round.tier}`), { path: ["province"], message: "省份应为 2 至 8 个汉字" })
  .refine((round) => round.hourly < round.monthly, { path: ["hourly"], message: "小时最低工资应小于月最低工资" });
export type NewMinimumWageRound = z.output<typeof newMinimumWageRoundSchema>;

/** A chief's choice of the negotiation's minimum-wage area (the list of areas is checked by the command). */
export const wageAreaSchema = z.object({
  area: z.string({ required_error: "请选择最低工资地区 (area is required)" }).trim().regex(AREA_PATTERN, "最低工资地区格式不正确 (malformed area)"),
});

/** `evidence.json?version=V`: a version id or `live` (the default). */
export const evidenceQuerySchema = z.object({
  version: z
    .string()
    .trim()
    .regex(RECORD_ID_PATTERN, "版本编号格式不正确 (malformed version id)")
    .optional()
    .default(LIVE),
});

/** An optional `area` on evidence.json and impact.json: another area's floors than the negotiation's. */
export const areaQuerySchema = z
  .string()
  .trim()
  .regex(AREA_PATTERN, "最低工资地区格式不正确 (malformed area)")
  .optional();
