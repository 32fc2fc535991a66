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
import { refusalText, type RefusalKey, type RefusalText } from "../i18n/refusals";
import { toChineseNumeral } from "../numbering";
import { fieldMessage, issueMessage, label } from "../schemas/issueText";
import { STATUTORY_RULES, type FractionRule, type StatutoryRules } from "./config";

/** Generous but finite, so every product below stays an exact integer. */
export const MAX_RATIFICATION_COUNT = 10_000_000;

const count = (name: RefusalKey) =>
  z
    .number({ required_error: fieldMessage("field.fill", { label: label(name) }), invalid_type_error: fieldMessage("field.mustBeNumber", { label: label(name) }) })
    .int(fieldMessage("field.mustBeInteger", { label: label(name) }))
    .min(0, fieldMessage("field.cannotBeNegative", { label: label(name) }))
    .max(MAX_RATIFICATION_COUNT, fieldMessage("field.atMost", { label: label(name), max: MAX_RATIFICATION_COUNT }));

/** The counts of a ratification vote, as entered in the form and stored with the filing. */
export const ratificationInputSchema = z
  .object({
    /** All workers' representatives (or all workers) entitled to vote. */
    total: count("label.total").min(1, fieldMessage("field.totalAtLeastOne")),
    attended: count("label.attended"),
    approved: count("label.approved"),
    against: count("label.against").optional(),
    abstained: count("label.abstained").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.attended > value.total) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["attended"], message: fieldMessage("field.attendedOverTotal") });
    }
    const votes = value.approved + (value.against ?? 0) + (value.abstained ?? 0);
    if (votes > value.attended) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["approved"],
        message: fieldMessage("field.votesOverAttended"),
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
  /**
   * Why, as a catalogue entry (shared/i18n/refusals.ts `ratificationVerdict.*`) with the counts,
   * the fractions and the article as parameters; pages render it in the viewer's language.
   */
  explanation: RefusalText;
}

/** The smallest integer k with k/total meeting the rule: k ≥ total·n/d (inclusive) or k > total·n/d. */
export function requiredCount(total: number, rule: FractionRule): number {
  const { numerator, denominator } = rule.fraction;
  const product = total * numerator;
  if (rule.inclusive) return Math.floor((product + denominator - 1) / denominator);
  return Math.floor(product / denominator) + 1;
}

/**
 * The verdict on a ratification vote. Throws a RangeError carrying the schema's first message (in
 * Chinese) when the counts are impossible; validate forms with {@link ratificationInputSchema}.
 */
export function ratificationVerdict(input: RatificationInput, rules: StatutoryRules = STATUTORY_RULES): RatificationVerdict {
  const parsed = ratificationInputSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new RangeError(first ? issueMessage("zh", first) : refusalText("zh", { key: "field.countsInvalid" }));
  }
  const { total, attended, approved } = parsed.data;
  const requiredAttendance = requiredCount(total, rules.RATIFICATION_ATTENDANCE);
  const requiredApproval = requiredCount(total, rules.RATIFICATION_APPROVAL);
  const quorumMet = attended >= requiredAttendance;
  const approvalMet = approved >= requiredApproval;
  const valid = quorumMet && approvalMet;

  const attendance = rules.RATIFICATION_ATTENDANCE;
  const approval = rules.RATIFICATION_APPROVAL;
  const quorum: RefusalText = {
    key: quorumMet ? "ratificationVerdict.quorumMet" : "ratificationVerdict.quorumNotMet",
    params: { total, attended, fraction: fractionText(attendance), required: requiredAttendance },
  };
  const approvalPart: RefusalText = {
    key: approvalMet ? "ratificationVerdict.approvalMet" : "ratificationVerdict.approvalNotMet",
    params: { approved, fraction: fractionText(approval), required: requiredApproval },
  };
  return {
    valid,
    quorumMet,
    approvalMet,
    requiredAttendance,
    requiredApproval,
    explanation: { key: valid ? "ratificationVerdict.adopted" : "ratificationVerdict.notAdopted", params: { quorum, approval: approvalPart, source: attendance.source } },
  };
}

/** 三分之二以上 / at least 2/3; 超过半数 / more than half. */
function fractionText(rule: FractionRule): RefusalText {
  const { numerator, denominator } = rule.fraction;
  const base: RefusalText =
    numerator * 2 === denominator
      ? { key: "ratificationVerdict.half" }
      : { key: "ratificationVerdict.fraction", params: { numerator: { zh: toChineseNumeral(numerator), en: String(numerator) }, denominator: { zh: toChineseNumeral(denominator), en: String(denominator) } } };
  return { key: rule.inclusive ? "ratificationVerdict.atLeast" : "ratificationVerdict.moreThan", params: { fraction: base } };
}
