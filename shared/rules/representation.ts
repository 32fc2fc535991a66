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
  messageZh: string;
  messageEn: string;
  /** The side concerned, when the warning is about one side. */
  side?: BargainingSide;
  /** The users concerned, where it names people (outside chief, both sides). */
  userIds?: string[];
  /** e.g. 集体合同规定第十九条 */
  sourceZh: string;
}

const NEGOTIATING_ROLES: ReadonlySet<ParticipantRole> = new Set(["chief", "representative", "higher_union"]);
const SIDE_ZH: Record<BargainingSide, string> = { union: "职工方", enterprise: "企业方" };
const SIDE_EN: Record<BargainingSide, string> = { union: "union side", enterprise: "enterprise side" };

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
      messageZh: `双方协商代表人数应当对等:职工方 ${counts.union.representatives} 人,企业方 ${counts.enterprise.representatives} 人。`,
      messageEn: `Both sides should have the same number of representatives: union side ${counts.union.representatives}, enterprise side ${counts.enterprise.representatives}.`,
      sourceZh: min.source.zh,
    });
  }

  for (const side of sides) {
    const count = counts[side];
    if (count.representatives < min.count) {
      warnings.push({
        code: "too_few_representatives",
        side,
        messageZh: `${SIDE_ZH[side]}协商代表只有 ${count.representatives} 人,每方至少应有 ${min.count} 人。`,
        messageEn: `The ${SIDE_EN[side]} has ${count.representatives} representative(s); each side needs at least ${min.count}.`,
        sourceZh: min.source.zh,
      });
    }
    if (count.chiefs === 0) {
      warnings.push({
        code: "no_chief",
        side,
        messageZh: `${SIDE_ZH[side]}尚未确定首席代表。`,
        messageEn: `The ${SIDE_EN[side]} has no chief representative.`,
        sourceZh: min.source.zh,
      });
    } else if (count.chiefs > 1) {
      warnings.push({
        code: "multiple_chiefs",
        side,
        messageZh: `${SIDE_ZH[side]}有 ${count.chiefs} 名首席代表,每方只能确定 1 名。`,
        messageEn: `The ${SIDE_EN[side]} has ${count.chiefs} chief representatives; each side has exactly one.`,
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
        messageZh: `${SIDE_ZH[side]}本单位以外的专业人员 ${count.outsideExperts} 人,超过本方代表(${count.representatives} 人)的${toChineseNumeral(denominator)}分之${toChineseNumeral(numerator)}。`,
        messageEn: `The ${SIDE_EN[side]} has ${count.outsideExperts} outside expert(s), more than ${numerator}/${denominator} of its ${count.representatives} representative(s).`,
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
      messageZh: `${SIDE_ZH[side]}首席代表不得由本单位以外的人员担任。`,
      messageEn: `The ${SIDE_EN[side]}'s chief representative may not be an outside expert.`,
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
      messageZh: `同一人不得同时担任双方协商代表(${both.length} 人)。`,
      messageEn: `Nobody may represent both sides (${both.length} person/people do).`,
      sourceZh: "集体合同规定第二十四条",
    });
  }
  return warnings;
}
