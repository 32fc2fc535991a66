/**
 * The ratification verdict (集体合同规定第三十六条).
 *
 * The draft goes to the workers' congress (职工代表大会) or to all workers. It passes only when
 * at least 2/3 of ALL representatives/workers attend AND more than half of ALL of them (not of
 * those present) approve. Counts are integers and compared with integer arithmetic:
 * attended/total ≥ 2/3 ⇔ 3·attended ≥ 2·total, so exactly 2/3 attending meets the quorum, and
 * approved/total > 1/2 ⇔ 2·approved > total, so exactly half approving fails (see the note on
 * RATIFICATION_APPROVAL in ./config on how '半数以上' may be read).
 */
import { z } from "zod";
import { toChineseNumeral } from "../numbering";
import { STATUTORY_RULES, type FractionRule, type StatutoryRules } from "./config";

/** Generous but finite, so every product below stays an exact integer. */
export const MAX_RATIFICATION_COUNT = 10_000_000;

const count = (label: string) =>
  z
    .number({ required_error: `请填写${label}`, invalid_type_error: `${label}必须是数字` })
    .int(`${label}必须是整数`)
    .min(0, `${label}不能为负数`)
    .max(MAX_RATIFICATION_COUNT, `${label}不能超过 ${MAX_RATIFICATION_COUNT}`);

/** The counts of a ratification vote, as entered in the form and stored with the filing. */
export const ratificationInputSchema = z
  .object({
    /** All workers' representatives (or all workers) entitled to vote. */
    total: count("应到人数").min(1, "应到人数至少为 1"),
    attended: count("实到人数"),
    approved: count("同意人数"),
    against: count("反对人数").optional(),
    abstained: count("弃权人数").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.attended > value.total) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["attended"], message: "实到人数不能多于应到人数" });
    }
    const votes = value.approved + (value.against ?? 0) + (value.abstained ?? 0);
    if (votes > value.attended) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["approved"],
        message: "同意、反对、弃权人数之和不能多于实到人数",
      });
    }
  });

export type RatificationInput = z.input<typeof ratificationInputSchema>;

export interface RatificationVerdict {
  /** Quorum met and approval met: the draft is adopted. */
  valid: boolean;
  quorumMet: boolean;
  approvalMet: boolean;
  /** The fewest attendees that meet the quorum (⌈2/3 · total⌉). */
  requiredAttendance: number;
  /** The fewest approvals that pass (⌊total/2⌋ + 1). */
  requiredApproval: number;
  explanationZh: string;
  explanationEn: string;
}

/** The smallest integer k with k/total meeting the rule: k ≥ total·n/d (inclusive) or k > total·n/d. */
export function requiredCount(total: number, rule: FractionRule): number {
  const { numerator, denominator } = rule.fraction;
  const product = total * numerator;
  if (rule.inclusive) return Math.floor((product + denominator - 1) / denominator);
  return Math.floor(product / denominator) + 1;
}

/**
 * The verdict on a ratification vote. Throws a RangeError carrying the schema's first Chinese
 * message when the counts are impossible; validate forms with {@link ratificationInputSchema}.
 */
export function ratificationVerdict(input: RatificationInput, rules: StatutoryRules = STATUTORY_RULES): RatificationVerdict {
  const parsed = ratificationInputSchema.safeParse(input);
  if (!parsed.success) throw new RangeError(parsed.error.issues[0]?.message ?? "表决数据无效");
  const { total, attended, approved } = parsed.data;
  const requiredAttendance = requiredCount(total, rules.RATIFICATION_ATTENDANCE);
  const requiredApproval = requiredCount(total, rules.RATIFICATION_APPROVAL);
  const quorumMet = attended >= requiredAttendance;
  const approvalMet = approved >= requiredApproval;
  const valid = quorumMet && approvalMet;

  const attendance = rules.RATIFICATION_ATTENDANCE;
  const approval = rules.RATIFICATION_APPROVAL;
  const zh: string[] = [
    `应到 ${total} 人,实到 ${attended} 人,${quorumMet ? "达到" : "未达到"}${fractionZh(attendance)}出席的要求(至少 ${requiredAttendance} 人)`,
    `同意 ${approved} 人,${approvalMet ? "达到" : "未达到"}全体${fractionZh(approval)}同意的要求(至少 ${requiredApproval} 人,按应到人数而非实到人数计算)`,
  ];
  const en: string[] = [
    `${attended} of ${total} attended: the quorum of ${fractionEn(attendance)} (at least ${requiredAttendance}) is ${quorumMet ? "met" : "not met"}`,
    `${approved} approved: approval by ${fractionEn(approval)} of all ${total} (at least ${requiredApproval}, counted against the total, not those present) is ${approvalMet ? "met" : "not met"}`,
  ];
  return {
    valid,
    quorumMet,
    approvalMet,
    requiredAttendance,
    requiredApproval,
    explanationZh: `${zh.join(";")}。${valid ? "草案获得通过。" : "草案未获通过。"}(${rules.RATIFICATION_ATTENDANCE.source.zh})`,
    explanationEn: `${en.join("; ")}. The draft is ${valid ? "adopted" : "not adopted"}. (${rules.RATIFICATION_ATTENDANCE.source.en})`,
  };
}

function fractionZh(rule: FractionRule): string {
  const { numerator, denominator } = rule.fraction;
  const base = numerator * 2 === denominator ? "半数" : `${toChineseNumeral(denominator)}分之${toChineseNumeral(numerator)}`;
  return rule.inclusive ? `${base}以上` : `超过${base}`;
}

function fractionEn(rule: FractionRule): string {
  const { numerator, denominator } = rule.fraction;
  return `${rule.inclusive ? "at least" : "more than"} ${numerator}/${denominator}`;
}
