/**
 * Checks of clause TEXT against the legal floors (floors.json): each detector looks for a rule's
 * words and a figure in one sentence, whatever the clause is called or numbered, so a clause typed
 * live is checked like a fixture clause. A finding is `unlawful` when the figure as written is
 * beyond the floor or ceiling, `ok` when it is within, and `weaker` when a protection of the
 * previous round is reduced or gone (see compareWithPrevious).
 */
import { citation, FLOORS, ruleFloor, type FloorsDataset, type RuleKey } from "./dataset";
import type { WageRound } from "./floorsInForce";
import { rulesInForce } from "./floorsInForce";
import { extractQuantities, parseNumber, phrases, sentences, type Quantity } from "./quantities";

export type FindingLevel = "unlawful" | "weaker" | "ok";

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Finding {
  clauseId: string;
  rule: RuleKey;
  level: FindingLevel;
  /** The figure as written ("5小时"), or what stands for it ("按月"); null when a protection is gone. */
  figure: string | null;
  /** The floor or ceiling, e.g. "≤ 4小时". */
  floor: string;
  message: Bilingual;
  source: string;
  /** False when the floor is not yet confirmed against the official text. */
  confirmed: boolean;
  /** How protective the figure is, comparable within one rule (larger is better for the worker). */
  strength: number;
}

export interface CheckClause {
  id: string;
  body: string;
}

export interface CheckContext {
  /** The minimum-wage round in force for the negotiation's area, if any. */
  wage: WageRound | null;
  /** YYYY-MM-DD: rules not yet in force on this date are skipped. */
  onDate: string;
  dataset?: FloorsDataset;
}

/** What a detector found in one clause before judging it. */
interface Detected {
  rule: RuleKey;
  figure: string | null;
  /** The value compared with the floor (hours, minutes, percent, days a week, months, years). */
  value: number;
  /** For "最低工资标准[的N%]": `value` is a multiple of the area's minimum, applied when judged. */
  ofMinimum?: true;
}

const has = (text: string, pattern: RegExp) => pattern.test(text);

/** A sentence with its quantities, read once per clause and shared by every detector (the checks' cost is the reading). */
interface Sentence {
  text: string;
  quantities: Quantity[];
}

function readSentences(body: string): Sentence[] {
  // One scan of the whole body; each sentence takes its quantities by offset (relative to the sentence).
  const all = extractQuantities(body);
  return sentences(body).map((sentence) => {
    const end = sentence.start + sentence.text.length;
    const quantities = all.filter((q) => q.start >= sentence.start && q.end <= end).map((q) => ({ ...q, start: q.start - sentence.start, end: q.end - sentence.start }));
    return { text: sentence.text, quantities };
  });
}
const firstOf = (quantities: Quantity[], unit: Quantity["unit"]) => quantities.find((q) => q.unit === unit);

/** Continuous work before a prompt (连续接单/送餐/配送/工作 … N小时) and the pause after it. */
function detectRest(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text, quantities } of all) {
    if (quantities.length === 0 || !has(text, /连续|不间断|持续/u) || !has(text, /休息|疲劳|提示/u)) continue;
    const hours = quantities.find((q) => q.unit === "hour" || (q.unit === "minute" && q.high >= 60));
    if (hours) found.push({ rule: "rest_prompt_hours", figure: hours.text, value: hours.unit === "hour" ? hours.high : hours.high / 60 });
    const pause = quantities.find((q) => q.unit === "minute" && q !== hours);
    if (pause && has(text, /不再|暂停|停止|不得|不予|休息/u)) found.push({ rule: "rest_pause_minutes", figure: pause.text, value: pause.low });
  }
  return found;
}

/** 每日/每天 … 工作(时间|时长)/接单时长 … N小时, and 每周 … N小时. */
function detectHours(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const sentence of all) {
    if (!sentence.quantities.some((q) => q.unit === "hour")) continue;
    for (const phrase of phrases(sentence.text)) {
    const text = phrase.text;
    if (!has(text, /工作时间|工作时长|接单时长|在线时长|劳动时间|工作/u) || has(text, /延长|加班/u)) continue;
    const hours = firstOf(sentence.quantities.filter((q) => q.start >= phrase.start && q.end <= phrase.start + text.length), "hour");
    if (!hours) continue;
    if (has(text, /每日|每天|日工作|一日|一天|单日/u)) found.push({ rule: "daily_hours", figure: hours.text, value: hours.high });
    else if (has(text, /每周|周工作|一周|每星期/u)) found.push({ rule: "weekly_hours", figure: hours.text, value: hours.high });
    }
  }
  return found;
}

/** 每[N]周 … 休息 … M日/天: rest days a week = M / N. */
function detectRestDays(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text, quantities } of all) {
    if (quantities.length === 0 || !has(text, /休息|休假|轮休|休/u) || has(text, /法定|节假日/u)) continue;
    const period = /每\s*(?<n>[0-9两二三四五六七八九十]+)?\s*(?:个)?(?:周|星期)/u.exec(text);
    if (!period) continue;
    const periodEnd = period.index + period[0].length;
    const days = quantities.find((q) => q.unit === "day" && q.start >= periodEnd);
    if (!days) continue;
    const weeks = period.groups?.n ? parseNumber(period.groups.n) || 1 : 1;
    found.push({ rule: "weekly_rest_days", figure: `${period[0]}${days.text}`, value: days.low / weeks });
  }
  return found;
}

/** 按月/每月/按周 … 支付, or 每季度/每N个月/按年 … 支付 (the pay cycle in months). */
function detectPayCycle(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text } of all) {
    if (!has(text, /支付|发放|结算/u) || !has(text, /报酬|工资|薪酬|收入/u)) continue;
    const cycle =
      /(?<word>按日|每日|按天|每天|按周|每周|按月|每月|按季度?|每季度?|按年|每年|每半年|每(?<n>[0-9一二两三四五六七八九十]+)个?(?<unit>月|周|日|天))/u.exec(text);
    if (!cycle?.groups) continue;
    const { word, n, unit } = cycle.groups;
    let months: number;
    if (n && unit) {
      const count = parseNumber(n) || 1;
      months = unit === "月" ? count : unit === "周" ? (count * 7) / 30 : count / 30;
    } else if (/日|天/u.test(word!)) months = 1 / 30;
    else if (/周/u.test(word!)) months = 7 / 30;
    else if (/半年/u.test(word!)) months = 6;
    else if (/季/u.test(word!)) months = 3;
    else if (/年/u.test(word!)) months = 12;
    else months = 1;
    // "每月15日" names the pay day, not a cycle: 每月 already matched first, so the day is ignored.
    found.push({ rule: "pay_cycle", figure: cycle[0], value: months });
  }
  return found;
}

/** 扣款/扣除/罚款 … N% of the month's pay; and whether the remainder keeps the minimum wage. */
function detectDeductions(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text, quantities } of all) {
    if (!has(text, /扣款|扣除|扣减|罚款|扣罚|克扣/u) || has(text, /不得克扣/u)) continue;
    const percent = quantities.find((q) => q.unit === "percent");
    if (percent) found.push({ rule: "deduction_cap", figure: percent.text, value: percent.high });
    // Only a clause that limits deductions speaks to the remainder; a pay slip listing 扣款 does not.
    const keeps = has(text, /(剩余|余额|余下|扣除后|实发).{0,20}(不得|不应|不)低于.{0,12}最低工资/u);
    if (percent || keeps) found.push({ rule: "deduction_remainder", figure: keeps ? "剩余部分不低于最低工资标准" : null, value: keeps ? 1 : 0 });
  }
  return found;
}

/** 法定(休)假日/节假日 … 工作 … N% or N倍. */
function detectHolidayPay(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text, quantities } of all) {
    if (!has(text, /法定休假日|法定节假日|法定假日|节假日/u) || !has(text, /工作|加班|上班|配送|接单/u) || !has(text, /报酬|工资|支付|单价/u)) continue;
    const pay = quantities.find((q) => q.unit === "percent" || q.unit === "times");
    if (pay) found.push({ rule: "holiday_pay", figure: pay.text, value: pay.unit === "times" ? pay.low * 100 : pay.low });
    else found.push({ rule: "holiday_pay", figure: null, value: 0 });
  }
  return found;
}

/** 月(劳动)报酬/月工资 … 不低于 … 最低工资标准[的N%] or N元; 每小时/小时报酬 … N元. */
function detectWages(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text, quantities } of all) {
    // A deduction clause's "剩余部分不低于最低工资" is the deduction rule's business.
    if (!has(text, /不得低于|不低于|不少于|至少|最低/u) || has(text, /扣款|扣除|扣减|罚款|扣罚/u)) continue;
    if (has(text, /小时报酬|每小时|时薪|小时工资|每工作小时/u)) {
      const yuan = quantities.find((q) => q.unit === "yuan");
      if (yuan) found.push({ rule: "minimum_wage_hourly", figure: yuan.text, value: yuan.low });
      else if (has(text, /小时最低工资/u)) found.push({ rule: "minimum_wage_hourly", figure: "小时最低工资标准", value: 1, ofMinimum: true });
      continue;
    }
    if (!has(text, /月(?:劳动)?报酬|月工资|月收入|每月(?:劳动)?报酬|每月工资/u)) continue;
    if (has(text, /最低工资/u)) {
      const percent = quantities.find((q) => q.unit === "percent");
      const share = percent ? percent.low / 100 : 1;
      found.push({ rule: "minimum_wage_monthly", figure: percent ? `最低工资标准的${percent.text}` : "最低工资标准", value: share, ofMinimum: true });
    } else {
      const yuan = quantities.find((q) => q.unit === "yuan" && q.low >= 100);
      if (yuan) found.push({ rule: "minimum_wage_monthly", figure: yuan.text, value: yuan.low });
    }
  }
  return found;
}

/** (合同|协议)…期限/有效期 … N年/N个月 (the term in years); 期满前 N 个月 … 续订 (the renewal window). */
function detectTerm(all: Sentence[]): Detected[] {
  const found: Detected[] = [];
  for (const { text, quantities } of all) {
    if (quantities.length === 0) continue;
    if (has(text, /期满|届满|到期/u) && has(text, /续订|续签|重新签订|续约/u)) {
      const months = quantities.find((q) => q.unit === "month" || q.unit === "day");
      if (months) found.push({ rule: "renewal_window", figure: months.text, value: months.unit === "month" ? months.high : months.high / 30 });
      continue;
    }
    if (!has(text, /合同|协议/u) || !has(text, /期限|有效期/u)) continue;
    const term = quantities.find((q) => q.unit === "year" || q.unit === "month");
    if (term) found.push({ rule: "agreement_term", figure: term.text, value: term.unit === "year" ? term.high : term.high / 12 });
  }
  return found;
}

/** What a clause body says, independent of the area and date, so a text shared by two rounds is read once. */
export type DetectionCache = Map<string, Detected[]>;

function detect(body: string, cache?: DetectionCache): Detected[] {
  const known = cache?.get(body);
  if (known) return known;
  const found = detectUncached(body);
  cache?.set(body, found);
  return found;
}

function detectUncached(body: string): Detected[] {
  const all = readSentences(body);
  return [
    ...detectRest(all),
    ...detectHours(all),
    ...detectRestDays(all),
    ...detectPayCycle(all),
    ...detectDeductions(all),
    ...detectHolidayPay(all),
    ...detectWages(all),
    ...detectTerm(all),
  ];
}

const UNIT_TEXT: Record<string, Bilingual> = {
  hour: { zh: "小时", en: " h" },
  minute: { zh: "分钟", en: " min" },
  day: { zh: "日/周", en: " day(s) a week" },
  month: { zh: "个月", en: " month(s)" },
  percent: { zh: "%", en: "%" },
};

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Judges one detected figure against its floor. */
function judge(clauseId: string, detected: Detected, context: CheckContext): Finding | null {
  const dataset = context.dataset ?? FLOORS;
  const floor = ruleFloor(detected.rule, dataset);
  const entry = floor.entry;
  const base = { clauseId, rule: detected.rule, figure: detected.figure, source: citation(entry.source), confirmed: entry.confirmed };
  const summary = entry.summary;
  const make = (lawful: boolean, floorText: string, why: Bilingual, strength: number): Finding => ({
    ...base,
    level: lawful ? "ok" : "unlawful",
    floor: floorText,
    strength,
    message: lawful
      ? { zh: `符合:${summary.zh}`, en: `Within the floor: ${summary.en}` }
      : why,
  });
  const figure = detected.figure ?? "";
  switch (detected.rule) {
    case "rest_prompt_hours":
    case "daily_hours":
    case "weekly_hours":
    case "deduction_cap":
    case "pay_cycle": {
      const max = floor.max!;
      const unit = UNIT_TEXT[entry.kind === "max" ? entry.unit : "hour"]!;
      const lawful = detected.value <= max;
      const why: Bilingual =
        detected.rule === "rest_prompt_hours"
          ? { zh: `连续接单 ${figure} 才提示休息,超过 ${max} 小时的上限`, en: `a rest prompt only after ${figure}: over the ${max} h cap` }
          : detected.rule === "pay_cycle"
            ? { zh: `报酬${figure}支付,长于至少每月支付一次的要求`, en: `pay ${figure}: less often than at least monthly` }
            : { zh: `${figure} 超过法定上限 ${max}${unit.zh}(${summary.zh})`, en: `${figure} is over the legal ceiling of ${max}${unit.en} (${summary.en})` };
      return make(lawful, `≤ ${max}${unit.zh}`, why, -detected.value);
    }
    case "rest_pause_minutes":
    case "holiday_pay": {
      const min = floor.min!;
      const unit = UNIT_TEXT[entry.kind === "min" ? entry.unit : "minute"]!;
      if (detected.figure === null) return null; // no figure: the weaker check judges a protection that is gone
      const lawful = detected.value >= min;
      const why: Bilingual =
        detected.rule === "rest_pause_minutes"
          ? { zh: `提示休息后仅 ${figure} 不派单,少于 ${min} 分钟`, en: `only ${figure} without orders after the prompt: under ${min} min` }
          : { zh: `法定休假日工作报酬 ${figure},低于 ${min}%`, en: `statutory-holiday pay of ${figure}: under ${min}%` };
      return make(lawful, `≥ ${min}${unit.zh}`, why, detected.value);
    }
    case "weekly_rest_days": {
      const min = floor.min!;
      const lawful = detected.value >= min;
      return make(lawful, `≥ ${min}日/周`, { zh: `${figure}:每周休息少于 ${min} 日`, en: `${figure}: under ${min} day off a week` }, detected.value);
    }
    case "deduction_remainder": {
      // Silence is not unlawful (the regulation applies anyway), so a clause without it is ok with a note.
      const finding = make(true, "剩余 ≥ 最低工资标准", { zh: "", en: "" }, detected.value);
      if (detected.value > 0) return finding;
      return { ...finding, message: { zh: `未写明扣除后剩余部分不低于最低工资标准(${base.source}仍适用)`, en: "the clause does not say the remainder stays above the minimum wage (the regulation still applies)" } };
    }
    case "minimum_wage_monthly":
    case "minimum_wage_hourly": {
      if (!context.wage) return null;
      const hourly = detected.rule === "minimum_wage_hourly";
      const min = hourly ? context.wage.hourly : context.wage.monthly;
      const value = detected.ofMinimum ? detected.value * min : detected.value;
      const lawful = round2(value) >= min;
      const floorText = `≥ ${min}元${hourly ? "/小时" : "/月"}(${context.wage.area},${context.wage.effectiveFrom} 起)`;
      return {
        ...make(
          lawful,
          floorText,
          { zh: `${figure} 低于${context.wage.area}${hourly ? "小时" : "月"}最低工资标准 ${min} 元`, en: `${figure} is below the ${hourly ? "hourly" : "monthly"} minimum wage of ${context.wage.area}, ${min} 元` },
          value,
        ),
        confirmed: entry.confirmed && context.wage.confirmed,
      };
    }
    case "agreement_term": {
      const lawful = detected.value >= floor.min! && detected.value <= floor.max!;
      return make(lawful, `${floor.min}–${floor.max}年`, { zh: `合同期限 ${figure},超出一般 ${floor.min} 至 ${floor.max} 年的期限`, en: `a term of ${figure}: outside the usual ${floor.min}–${floor.max} years` }, 0);
    }
    case "renewal_window": {
      const lawful = detected.value >= floor.min!;
      return make(lawful, `期满前 ${floor.min} 个月内可提出`, { zh: `只允许期满前 ${figure} 内提出续订,短于法定的 ${floor.min} 个月`, en: `renewal may only be asked ${figure} before expiry: shorter than the statutory ${floor.min} months` }, detected.value);
    }
  }
}

/** The findings of one text (ok and unlawful), in clause order; nothing is read but the bodies. */
export function checkClauses(clauses: readonly CheckClause[], context: CheckContext, cache?: DetectionCache): Finding[] {
  const inForce = new Set(rulesInForce(context.onDate, context.dataset));
  const findings: Finding[] = [];
  for (const clause of clauses) {
    const seen = new Set<string>();
    for (const detected of detect(clause.body, cache)) {
      if (!inForce.has(detected.rule)) continue;
      const finding = judge(clause.id, detected, context);
      if (!finding) continue;
      const key = `${finding.rule}|${finding.figure}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}

/** Rules where a present-but-figureless mention still counts (the protection of the rule is its figure). */
const PROTECTION_RULES: ReadonlySet<RuleKey> = new Set(["holiday_pay", "deduction_remainder"]);

/**
 * Findings of the newer text against the previous round: where a rule's protection in a clause
 * is reduced (a smaller strength: 20分钟 → 15分钟, 120% → 100% of the minimum) or gone (the
 * minimum-wage remainder dropped from a deduction clause, 300% replaced by "按国家有关规定"), the
 * newer text's finding becomes `weaker` (an unlawful one stays unlawful, its message says both).
 * Clauses are matched by id, the clause's identity across versions (never by title); a rule the
 * previous text had anywhere and the newer one lost everywhere is reported on the clause that had it.
 */
export function compareWithPrevious(
  current: readonly CheckClause[],
  previous: readonly CheckClause[],
  context: CheckContext,
  previousContext: CheckContext = context,
): Finding[] {
  const cache: DetectionCache = new Map(); // most clauses are the same in both rounds
  const now = checkClauses(current, context, cache);
  const before = checkClauses(previous, previousContext, cache);
  const currentBodies = new Map(current.map((c) => [c.id, c.body]));
  const results: Finding[] = [];
  const beforeByKey = new Map<string, Finding>();
  for (const finding of before) {
    const key = `${finding.clauseId}|${finding.rule}`;
    const known = beforeByKey.get(key);
    if (!known || finding.strength > known.strength) beforeByKey.set(key, finding);
  }
  const matched = new Set<string>();
  for (const finding of now) {
    const key = `${finding.clauseId}|${finding.rule}`;
    const old = beforeByKey.get(key);
    if (old) matched.add(key);
    if (old && finding.strength < old.strength) {
      const was = old.figure ?? "";
      const reduced: Bilingual = { zh: `较上一轮减弱:${was} → ${finding.figure ?? "(删除)"}`, en: `weaker than the previous round: ${was} → ${finding.figure ?? "(removed)"}` };
      if (finding.level === "unlawful") results.push({ ...finding, message: { zh: `${finding.message.zh};${reduced.zh}`, en: `${finding.message.en}; ${reduced.en}` } });
      else results.push({ ...finding, level: "weaker", message: reduced });
    } else {
      results.push(finding);
    }
  }
  const strongestNow = new Map<RuleKey, number>();
  for (const finding of now) strongestNow.set(finding.rule, Math.max(finding.strength, strongestNow.get(finding.rule) ?? -Infinity));
  for (const [key, old] of beforeByKey) {
    if (matched.has(key) || old.strength <= 0) continue;
    if ((strongestNow.get(old.rule) ?? -Infinity) >= old.strength) continue; // still covered by another clause
    const body = currentBodies.get(old.clauseId);
    if (!PROTECTION_RULES.has(old.rule) && body === undefined) continue;
    results.push({
      ...old,
      level: "weaker",
      figure: null,
      strength: 0,
      message: {
        zh: `上一轮的保护已删除:${old.figure ?? ""}(${ruleFloor(old.rule, context.dataset).entry.summary.zh})`,
        en: `a protection of the previous round is gone: ${old.figure ?? ""} (${ruleFloor(old.rule, context.dataset).entry.summary.en})`,
      },
    });
  }
  const order = new Map(current.map((c, i) => [c.id, i]));
  return results.sort((a, b) => (order.get(a.clauseId) ?? Infinity) - (order.get(b.clauseId) ?? Infinity));
}

/** A message as the API prints it: Chinese first, the English in parentheses (server messages' convention). */
export function bilingualText(message: Bilingual): string {
  return `${message.zh} (${message.en})`;
}

/** The inverse of bilingualText, for pages that read evidence.json and show one language. */
export function splitBilingual(text: string): Bilingual {
  const at = text.indexOf(" (");
  if (at < 0 || !text.endsWith(")")) return { zh: text, en: text };
  return { zh: text.slice(0, at), en: text.slice(at + 2, -1) };
}
