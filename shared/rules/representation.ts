/**
 * Checks on who sits at the table (集体合同规定第十九条 to 第二十四条).
 *
 * - Art. 19: equal numbers on both sides, at least 3 each, one chief representative (首席代表) each.
 * - Art. 23: outside experts at most 1/3 of a side's representatives; the chief is never an outsider.
 * - Art. 24: nobody represents both sides.
 *
 * They are warnings, not errors: the 2024 guidance allows informal formats (协调会 / 恳谈会) for
 * platform workers where parity is not always kept, so the UI shows them and lets people proceed.
 *
 * How participants count (a decision, recorded here):
 * - The negotiating representatives (协商代表) of a side are its participants with role `chief`,
 *   `representative` or `higher_union`. They count for parity, the minimum of 3 and the chief.
 * - A `legal_adviser` is always an outside expert; so is any participant flagged `outsideExpert`.
 *   The 1/3 limit compares a side's outside experts (legal advisers and flagged representatives)
 *   with its negotiating representatives: the stricter reading, since an adviser who does not
 *   negotiate should not enlarge the base that limits outsiders.
 * - Role `observer` and side `observer` count for nothing. A user listed twice on one side counts
 *   once (first entry wins).
 */
import type { LangValue, RefusalText } from "../i18n/refusals";
import { toChineseNumeral } from "../numbering";
import type { Role, Side } from "../roles";
import { STATUTORY_RULES, type StatutoryRules } from "./config";

export type ParticipantSide = Side;
export type ParticipantRole = Role;
export type BargainingSide = "union" | "enterprise";

export interface RepresentationParticipant {
  userId: string;
  side: ParticipantSide;
  role: ParticipantRole;
  /** A person from outside the side's own organisation (Art. 23), e.g. an entrusted lawyer. */
  outsideExpert?: boolean;
}

export type RepresentationWarningCode =
  | "unequal_sides"
  | "too_few_representatives"
  | "no_chief"
  | "multiple_chiefs"
  | "too_many_outside_experts"
  | "outside_expert_chief"
  | "user_on_both_sides";

export interface RepresentationWarning {
  code: RepresentationWarningCode;
  /** The warning's words in the one catalogue (shared/i18n/refusals.ts), rendered in the reader's language. */
  text: RefusalText;
  /** The side concerned, when the warning is about one side. */
  side?: BargainingSide;
  /** The users concerned, where it names people (outside chief, both sides). */
  userIds?: string[];
  /** e.g. 集体合同规定第十九条 */
  sourceZh: string;
}

const NEGOTIATING_ROLES: ReadonlySet<ParticipantRole> = new Set(["chief", "representative", "higher_union"]);
/** How a side is named inside a warning (职工方 as the regulation says it, not the UI's 工会方). */
const SIDE_WORDS: Record<BargainingSide, LangValue> = { union: { zh: "职工方", en: "union side" }, enterprise: { zh: "企业方", en: "enterprise side" } };

export function isNegotiatingRepresentative(participant: RepresentationParticipant): boolean {
  return participant.side !== "observer" && NEGOTIATING_ROLES.has(participant.role);
}

export function isOutsideExpert(participant: RepresentationParticipant): boolean {
  if (participant.side === "observer" || participant.role === "observer") return false;
  return participant.role === "legal_adviser" || participant.outsideExpert === true;
}

/** Counts per side, as the warnings see them (for a summary line in the UI). */
export interface SideCount {
  representatives: number;
  chiefs: number;
  outsideExperts: number;
}

export function countSides(participants: readonly RepresentationParticipant[]): Record<BargainingSide, SideCount> {
  const counts: Record<BargainingSide, SideCount> = {
    union: { representatives: 0, chiefs: 0, outsideExperts: 0 },
    enterprise: { representatives: 0, chiefs: 0, outsideExperts: 0 },
  };
  const seen = new Set<string>();
  for (const p of participants) {
    if (p.side === "observer") continue;
    const key = `${p.side}\u0000${p.userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const count = counts[p.side];
    if (isNegotiatingRepresentative(p)) count.representatives++;
    if (p.role === "chief") count.chiefs++;
    if (isOutsideExpert(p)) count.outsideExperts++;
  }
  return counts;
}

/** Warnings about the table's composition; an empty list when it meets Arts. 19, 23 and 24. */
export function representationWarnings(
  participants: readonly RepresentationParticipant[],
  rules: StatutoryRules = STATUTORY_RULES,
): RepresentationWarning[] {
  const warnings: RepresentationWarning[] = [];
  const counts = countSides(participants);
  const min = rules.MIN_REPRESENTATIVES_PER_SIDE;
  const sides: BargainingSide[] = ["union", "enterprise"];

  if (counts.union.representatives !== counts.enterprise.representatives) {
    warnings.push({
      code: "unequal_sides",
      text: { key: "representation.unequalSides", params: { union: counts.union.representatives, enterprise: counts.enterprise.representatives } },
      sourceZh: min.source.zh,
    });
  }

  for (const side of sides) {
    const count = counts[side];
    if (count.representatives < min.count) {
      warnings.push({
        code: "too_few_representatives",
        side,
        text: { key: "representation.tooFew", params: { side: SIDE_WORDS[side], count: count.representatives, min: min.count } },
        sourceZh: min.source.zh,
      });
    }
    if (count.chiefs === 0) {
      warnings.push({
        code: "no_chief",
        side,
        text: { key: "representation.noChief", params: { side: SIDE_WORDS[side] } },
        sourceZh: min.source.zh,
      });
    } else if (count.chiefs > 1) {
      warnings.push({
        code: "multiple_chiefs",
        side,
        text: { key: "representation.multipleChiefs", params: { side: SIDE_WORDS[side], chiefs: count.chiefs } },
        sourceZh: min.source.zh,
      });
    }
    const { numerator, denominator } = rules.OUTSIDE_EXPERT_MAX_FRACTION.fraction;
    // experts / representatives > n/d  ⇔  experts·d > representatives·n (inclusive limit: exactly 1/3 is allowed).
    const limitExceeded = rules.OUTSIDE_EXPERT_MAX_FRACTION.inclusive
      ? count.outsideExperts * denominator > count.representatives * numerator
      : count.outsideExperts * denominator >= count.representatives * numerator;
    if (count.outsideExperts > 0 && limitExceeded) {
      warnings.push({
        code: "too_many_outside_experts",
        side,
        text: {
          key: "representation.tooManyOutsideExperts",
          params: {
            side: SIDE_WORDS[side],
            experts: count.outsideExperts,
            count: count.representatives,
            fraction: { zh: `${toChineseNumeral(denominator)}分之${toChineseNumeral(numerator)}`, en: `${numerator}/${denominator}` },
          },
        },
        sourceZh: rules.OUTSIDE_EXPERT_MAX_FRACTION.source.zh,
      });
    }
  }

  const outsideChiefs = participants.filter((p) => p.side !== "observer" && p.role === "chief" && p.outsideExpert === true);
  for (const side of sides) {
    const ids = [...new Set(outsideChiefs.filter((p) => p.side === side).map((p) => p.userId))];
    if (ids.length === 0) continue;
    warnings.push({
      code: "outside_expert_chief",
      side,
      userIds: ids,
      text: { key: "representation.outsideExpertChief", params: { side: SIDE_WORDS[side] } },
      sourceZh: rules.OUTSIDE_EXPERT_MAX_FRACTION.source.zh,
    });
  }

  const unionUsers = new Set(participants.filter((p) => p.side === "union" && p.role !== "observer").map((p) => p.userId));
  const both = [
    ...new Set(participants.filter((p) => p.side === "enterprise" && p.role !== "observer" && unionUsers.has(p.userId)).map((p) => p.userId)),
  ];
  if (both.length > 0) {
    warnings.push({
      code: "user_on_both_sides",
      userIds: both,
      text: { key: "representation.bothSides", params: { people: both.length } },
      sourceZh: "集体合同规定第二十四条",
    });
  }
  return warnings;
}
