/**
 * Every statutory number Tongshang applies, in one place, each with its legal source.
 *
 * Sources: 《集体合同规定》(劳动和社会保障部令第22号, 2004, cited as "集体合同规定第N条"), 《劳动合同法》,
 * and the 2024 guidance on bargaining for workers in new forms of employment. Entries whose article
 * number or figure the project has not yet verified against the official text carry `check: true`
 * (docs/domain.md marks them "(check)"); change a figure here and every rule module follows.
 *
 * Fractions are kept as integer numerator/denominator pairs so that the rules compare counts with
 * integer arithmetic and never suffer float rounding (2/3 of 300 is exactly 200).
 */

/** A fraction of integers, e.g. { numerator: 2, denominator: 3 }. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

/** Where a number comes from. */
export interface LegalSource {
  /** e.g. 集体合同规定第三十二条 */
  readonly zh: string;
  /** e.g. Collective Contract Provisions, Art. 32 */
  readonly en: string;
}

interface RuleBase {
  readonly source: LegalSource;
  /** True where the figure or article number still needs verifying against the official text. */
  readonly check: boolean;
  readonly note?: string;
}

export interface DaysRule extends RuleBase {
  readonly days: number;
}
export interface MonthsRule extends RuleBase {
  readonly months: number;
}
export interface CountRule extends RuleBase {
  readonly count: number;
}
export interface YearRangeRule extends RuleBase {
  readonly minYears: number;
  readonly maxYears: number;
}
export interface FractionRule extends RuleBase {
  readonly fraction: Fraction;
  /**
   * Whether exactly the fraction meets the rule. "三分之二以上" includes the figure itself
   * (《民法典》第一千二百五十九条: 以上 includes 本数); "超过" / "more than" does not.
   */
  readonly inclusive: boolean;
}

export interface StatutoryRules {
  /** The other side answers a written bargaining proposal (要约) within this many days of receiving it. */
  readonly PROPOSAL_ANSWER_DAYS: DaysRule;
  /** Each side has at least this many representatives (协商代表), equal numbers on both sides. */
  readonly MIN_REPRESENTATIVES_PER_SIDE: CountRule;
  /** Outside experts may be at most this fraction of a side's representatives, and never chief. */
  readonly OUTSIDE_EXPERT_MAX_FRACTION: FractionRule;
  /** At least this fraction of all workers' representatives / workers must attend the ratification. */
  readonly RATIFICATION_ATTENDANCE: FractionRule;
  /** More than this fraction of ALL representatives / workers (not of those present) must approve. */
  readonly RATIFICATION_APPROVAL: FractionRule;
  /** The enterprise side files the signed agreement within this many days of signing. */
  readonly FILING_DAYS: DaysRule;
  /** The labour administration may object within this many days of receipt; otherwise the agreement takes effect. */
  readonly REVIEW_DAYS: DaysRule;
  /** Results published to the covered workers within this many days of taking effect. */
  readonly PUBLICATION_DAYS: DaysRule;
  /** An agreement's term. */
  readonly TERM_YEARS: YearRangeRule;
  /** Either side may ask to renew within this many months before expiry. */
  readonly RENEWAL_WINDOW_MONTHS: MonthsRule;
  /** The labour administration ends coordination of a bargaining dispute within this many days of accepting it. */
  readonly DISPUTE_COORDINATION_DAYS: DaysRule;
  /** … extendable by at most this many days. */
  readonly DISPUTE_EXTENSION_DAYS: DaysRule;
  /** An agreement in force is consulted on the platform's labour rules and algorithms at least this often. */
  readonly ALGORITHM_CONSULTATION_MONTHS: MonthsRule;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The rules as Tongshang applies them. Frozen: derive a variant with {@link withRules}. */
export const STATUTORY_RULES: StatutoryRules = deepFreeze({
  PROPOSAL_ANSWER_DAYS: {
    days: 20,
    source: { zh: "集体合同规定第三十二条", en: "Collective Contract Provisions, Art. 32" },
    check: false,
    note: "书面回应; 无正当理由不得拒绝. Counted from receipt of the proposal.",
  },
  MIN_REPRESENTATIVES_PER_SIDE: {
    count: 3,
    source: { zh: "集体合同规定第十九条", en: "Collective Contract Provisions, Art. 19" },
    check: false,
    note: "双方代表人数对等, 每方至少3人, 各确定1名首席代表.",
  },
  OUTSIDE_EXPERT_MAX_FRACTION: {
    fraction: { numerator: 1, denominator: 3 },
    inclusive: true,
    source: { zh: "集体合同规定第二十三条", en: "Collective Contract Provisions, Art. 23" },
    check: false,
    note: "委托人数不得超过本方代表的三分之一; 首席代表不得由非本单位人员代理. Exactly 1/3 is allowed.",
  },
  RATIFICATION_ATTENDANCE: {
    fraction: { numerator: 2, denominator: 3 },
    inclusive: true,
    source: { zh: "集体合同规定第三十六条", en: "Collective Contract Provisions, Art. 36" },
    check: false,
    note: "三分之二以上职工代表或者职工出席: exactly 2/3 attending meets the quorum.",
  },
  RATIFICATION_APPROVAL: {
    fraction: { numerator: 1, denominator: 2 },
    inclusive: false,
    source: { zh: "集体合同规定第三十六条", en: "Collective Contract Provisions, Art. 36" },
    check: true,
    note:
      "须经全体职工代表半数以上或者全体职工半数以上同意, counted against ALL, not those present. " +
      "Applied as strictly more than half (exactly half fails), as docs/domain.md states. Under 《民法典》第1259条 " +
      "'以上' includes the figure itself, which would make exactly half suffice: set inclusive: true if counsel agrees.",
  },
  FILING_DAYS: {
    days: 10,
    source: { zh: "集体合同规定第四十二条", en: "Collective Contract Provisions, Art. 42" },
    check: false,
    note: "自双方首席代表签字之日起10日内, 由用人单位一方报送劳动保障行政部门审查.",
  },
  REVIEW_DAYS: {
    days: 15,
    source: { zh: "集体合同规定第四十五条、第四十七条; 劳动合同法第五十四条", en: "Collective Contract Provisions, Arts. 45, 47; Labour Contract Law, Art. 54" },
    check: false,
    note: "自收到文本之日起15日内未提出异议的, 即行生效. Tongshang takes the filing date as the date of receipt.",
  },
  PUBLICATION_DAYS: {
    days: 10,
    source: {
      zh: "集体合同规定第四十八条; 2024年新就业形态劳动者集体协商工作指引",
      en: "Collective Contract Provisions, Art. 48; 2024 guidance on bargaining for new-employment-form workers",
    },
    check: true,
    note: "Art. 48 only says 及时公布; the 10-day figure comes from the 2024 guidance.",
  },
  TERM_YEARS: {
    minYears: 1,
    maxYears: 3,
    source: { zh: "集体合同规定第三十八条", en: "Collective Contract Provisions, Art. 38" },
    check: false,
    note: "期限一般为1至3年 ('一般': a guideline, so a term outside it is a warning, not an error).",
  },
  RENEWAL_WINDOW_MONTHS: {
    months: 3,
    source: { zh: "集体合同规定第三十八条", en: "Collective Contract Provisions, Art. 38" },
    check: false,
    note: "期满前3个月内, 任何一方均可提出重新签订或续订的要求.",
  },
  DISPUTE_COORDINATION_DAYS: {
    days: 30,
    source: { zh: "集体合同规定第五十三条", en: "Collective Contract Provisions, Art. 53" },
    check: true,
    note: "自受理协调处理申请之日起30日内结束. The wording is confirmed by secondary sources; verify the article number.",
  },
  DISPUTE_EXTENSION_DAYS: {
    days: 15,
    source: { zh: "集体合同规定第五十三条", en: "Collective Contract Provisions, Art. 53" },
    check: true,
    note: "期满未结束的, 可以适当延长协调期限, 但延长期限不得超过15日.",
  },
  ALGORITHM_CONSULTATION_MONTHS: {
    months: 12,
    source: {
      zh: "《平台劳动规则和算法协商指引(试行)》(2026)",
      en: "Guidance on consultation over platform labour rules and algorithms (trial), 2026",
    },
    check: true,
    note: "每年至少开展一次算法规则协商. Counted from the last consultation, else from the day the agreement took effect; verify the clause number.",
  },
} satisfies StatutoryRules);

/** A partial override, one rule at a time (e.g. a province's stricter filing period). */
export type StatutoryRulesOverride = { readonly [K in keyof StatutoryRules]?: StatutoryRules[K] };

/** The statutory rules with some entries replaced; the result is frozen too. */
export function withRules(override: StatutoryRulesOverride, base: StatutoryRules = STATUTORY_RULES): StatutoryRules {
  return deepFreeze({ ...base, ...structuredClone(override) });
}
