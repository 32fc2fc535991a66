/**
 * The statutory clocks of a negotiation, on calendar dates written 'YYYY-MM-DD'.
 *
 * Counting follows 《民法典》第二百零一条: a period counted in days starts the day after the event,
 * so "within 20 days of receipt" on 2025-03-01 ends on 2025-03-21 inclusive. All arithmetic is done
 * on UTC midnights, so the result never depends on the machine's time zone or on daylight saving.
 * Not modelled: 《民法典》第二百零三条 moves a last day that falls on a public holiday to the next
 * working day; Tongshang has no holiday calendar, so its deadlines are the conservative ones.
 *
 * Periods: 集体合同规定第三十二条 (answer, 20 days), 第四十二条 (filing, 10 days), 第四十五、四十七条
 * (review, 15 days), 第三十八条 (renewal window, 3 months), 2024 guidance (publication, 10 days),
 * 第五十三条 (dispute coordination, 30 + 15 days), 《平台劳动规则和算法协商指引(试行)》2026 (algorithm
 * consultation, at least yearly). The figures live in ./config.
 */
import { STATUTORY_RULES, type StatutoryRules } from "./config";

/** A calendar date 'YYYY-MM-DD'. */
export type CalendarDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Parsed dates, kept because a ledger of ten thousand rows asks for the same few thousand days
 * again and again (docs/SPEC.md L-4); bounded so a long-running process cannot grow it forever.
 */
const DAY_NUMBERS = new Map<string, number>();
const DAY_NUMBER_CACHE_MAX = 50_000;

/** Days since 1970-01-01 of a real calendar date; throws a RangeError on '2025-02-30' or '2025-2-3'. */
export function toDayNumber(date: CalendarDate): number {
  const known = DAY_NUMBERS.get(date);
  if (known !== undefined) return known;
  const day = parseDayNumber(date);
  if (DAY_NUMBERS.size >= DAY_NUMBER_CACHE_MAX) DAY_NUMBERS.clear();
  DAY_NUMBERS.set(date, day);
  return day;
}

function parseDayNumber(date: CalendarDate): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`日期格式应为 YYYY-MM-DD:${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`日期不存在:${date}`);
  }
  return ms / MS_PER_DAY;
}

const DATES = new Map<number, CalendarDate>();

/** The calendar date of a day number. */
export function fromDayNumber(dayNumber: number): CalendarDate {
  let date = DATES.get(dayNumber);
  if (date === undefined) {
    date = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    if (DATES.size >= DAY_NUMBER_CACHE_MAX) DATES.clear();
    DATES.set(dayNumber, date);
  }
  return date;
}

/** True for a well-formed, existing 'YYYY-MM-DD' date. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== "string") return false;
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of a Date (or now) in UTC+8, the time zone of every Chinese deadline. */
export function chinaToday(now: Date = new Date()): CalendarDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Adds (or with a negative number subtracts) calendar months, clamping to the month's last day:
 * 2025-05-31 − 3 months → 2025-02-28 (《民法典》第二百零二条: a month period without the same day ends on the last day).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  toDayNumber(date);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)) / MS_PER_DAY);
}

/** Days from `today` to `deadline`: 0 on the deadline itself, negative once it has passed. */
export function daysLeft(today: CalendarDate, deadline: CalendarDate): number {
  return toDayNumber(deadline) - toDayNumber(today);
}

/** Last day to answer a bargaining proposal received on `proposedOn` (集体合同规定第三十二条: 20 days). */
export function proposalAnswerDeadline(proposedOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addDays(proposedOn, rules.PROPOSAL_ANSWER_DAYS.days);
}

/** Last day for the enterprise side to file an agreement signed on `signedOn` (第四十二条: 10 days). */
export function filingDeadline(signedOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addDays(signedOn, rules.FILING_DAYS.days);
}

/**
 * Last day of the labour administration's review of an agreement filed on `filedOn`
 * (第四十五、四十七条: 15 days from receipt; the filing date is taken as the date of receipt).
 */
export function reviewEnds(filedOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addDays(filedOn, rules.REVIEW_DAYS.days);
}

/** The day an agreement without objection takes effect: the day after the review period ends (第四十七条). */
export function takesEffectOn(filedOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addDays(reviewEnds(filedOn, rules), 1);
}

/** Last day to publish an agreement that took effect on `effectiveOn` (2024 guidance: 10 days; 第四十八条). */
export function publicationDeadline(effectiveOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addDays(effectiveOn, rules.PUBLICATION_DAYS.days);
}

/** First day either side may ask to renew an agreement expiring on `expiresOn` (第三十八条: last 3 months). */
export function renewalWindowOpens(expiresOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addMonths(expiresOn, -rules.RENEWAL_WINDOW_MONTHS.months);
}

/**
 * Last day for the next consultation on platform labour rules and algorithms, counted from the last
 * one, or from the day the agreement took effect when none is recorded
 * (《平台劳动规则和算法协商指引(试行)》2026: at least once a year).
 */
export function algorithmConsultationDue(lastConsultedOrEffectiveOn: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): CalendarDate {
  return addMonths(lastConsultedOrEffectiveOn, rules.ALGORITHM_CONSULTATION_MONTHS.months);
}

/** Last day of the coordination of a bargaining dispute accepted on `acceptedOn` (第五十三条: 30 days, +15 when extended). */
export function disputeCoordinationEnds(
  acceptedOn: CalendarDate,
  extended = false,
  rules: StatutoryRules = STATUTORY_RULES,
): CalendarDate {
  return addDays(acceptedOn, rules.DISPUTE_COORDINATION_DAYS.days + (extended ? rules.DISPUTE_EXTENSION_DAYS.days : 0));
}

/** Whether a term from `startsOn` to `expiresOn` (inclusive) lies within 1–3 years (第三十八条, '一般': advisory). */
export function termWithinStatutoryRange(
  startsOn: CalendarDate,
  expiresOn: CalendarDate,
  rules: StatutoryRules = STATUTORY_RULES,
): boolean {
  const dayAfterEnd = addDays(expiresOn, 1);
  return (
    toDayNumber(dayAfterEnd) >= toDayNumber(addMonths(startsOn, 12 * rules.TERM_YEARS.minYears)) &&
    toDayNumber(dayAfterEnd) <= toDayNumber(addMonths(startsOn, 12 * rules.TERM_YEARS.maxYears))
  );
}

export type ClockKey = "proposal_answer" | "filing" | "review" | "publication" | "renewal_window" | "dispute_coordination";
export type ClockState = "running" | "met" | "overdue";

/** One statutory clock for the dashboard. */
export interface NegotiationClock {
  key: ClockKey;
  labelZh: string;
  labelEn: string;
  /** The last day (for renewal_window: the day the window opens). */
  due: CalendarDate;
  /** Days from today to `due`; negative once passed. */
  daysLeft: number;
  /**
   * running: still open. met: done (see `late`) or, for the review and renewal clocks, reached.
   * overdue: past due and not done.
   */
  state: ClockState;
  /** For a met clock: whether it was met after the due date. */
  late?: boolean;
  /** The legal source of the period, e.g. 集体合同规定第三十二条. */
  sourceZh: string;
}

/** The dates a negotiation has reached; each optional date is absent until that step happens. */
export interface NegotiationDates {
  /** The day the proposal (要约) was received. */
  proposedOn: CalendarDate;
  answeredOn?: CalendarDate;
  signedOn?: CalendarDate;
  filedOn?: CalendarDate;
  publishedOn?: CalendarDate;
  expiresOn?: CalendarDate;
  /** The day the labour administration accepted a bargaining dispute for coordination. */
  disputeAcceptedOn?: CalendarDate;
  disputeExtended?: boolean;
  disputeResolvedOn?: CalendarDate;
}

function dutyClock(
  base: Omit<NegotiationClock, "daysLeft" | "state" | "late">,
  today: CalendarDate,
  doneOn: CalendarDate | undefined,
): NegotiationClock {
  const left = daysLeft(today, base.due);
  if (doneOn !== undefined) return { ...base, daysLeft: left, state: "met", late: toDayNumber(doneOn) > toDayNumber(base.due) };
  return { ...base, daysLeft: left, state: left < 0 ? "overdue" : "running" };
}

/**
 * The clocks that apply to a negotiation today, in procedural order. A clock appears once the
 * event that starts it has a date: the answer clock from the proposal, filing from signing,
 * review and publication from filing, the renewal window from the expiry date, dispute
 * coordination from its acceptance. Duties (answer, filing, publication, dispute) are 'met' when
 * done (with `late` when done after the due date) and 'overdue' when past due and not done; the
 * review clock runs the administration's period and is 'met' once it has ended; the renewal clock
 * counts down to the window's opening and is 'met' from that day.
 */
export function negotiationClocks(
  dates: NegotiationDates,
  today: CalendarDate,
  rules: StatutoryRules = STATUTORY_RULES,
): NegotiationClock[] {
  const clocks: NegotiationClock[] = [];
  clocks.push(
    dutyClock(
      {
        key: "proposal_answer",
        labelZh: "书面回应协商要约",
        labelEn: "Answer the bargaining proposal in writing",
        due: proposalAnswerDeadline(dates.proposedOn, rules),
        sourceZh: rules.PROPOSAL_ANSWER_DAYS.source.zh,
      },
      today,
      dates.answeredOn,
    ),
  );
  if (dates.signedOn !== undefined) {
    clocks.push(
      dutyClock(
        {
          key: "filing",
          labelZh: "报送劳动保障行政部门审查",
          labelEn: "File with the labour administration",
          due: filingDeadline(dates.signedOn, rules),
          sourceZh: rules.FILING_DAYS.source.zh,
        },
        today,
        dates.filedOn,
      ),
    );
  }
  if (dates.filedOn !== undefined) {
    const due = reviewEnds(dates.filedOn, rules);
    const left = daysLeft(today, due);
    clocks.push({
      key: "review",
      labelZh: "审查期(无异议即生效)",
      labelEn: "Review period (takes effect without objection)",
      due,
      daysLeft: left,
      state: left < 0 ? "met" : "running",
      sourceZh: rules.REVIEW_DAYS.source.zh,
    });
    clocks.push(
      dutyClock(
        {
          key: "publication",
          labelZh: "向全体职工公布",
          labelEn: "Publish to all covered workers",
          due: publicationDeadline(takesEffectOn(dates.filedOn, rules), rules),
          sourceZh: rules.PUBLICATION_DAYS.source.zh,
        },
        today,
        dates.publishedOn,
      ),
    );
  }
  if (dates.expiresOn !== undefined) {
    const due = renewalWindowOpens(dates.expiresOn, rules);
    const left = daysLeft(today, due);
    clocks.push({
      key: "renewal_window",
      labelZh: "续订窗口开启",
      labelEn: "Renewal window opens",
      due,
      daysLeft: left,
      state: left <= 0 ? "met" : "running",
      sourceZh: rules.RENEWAL_WINDOW_MONTHS.source.zh,
    });
  }
  if (dates.disputeAcceptedOn !== undefined) {
    clocks.push(
      dutyClock(
        {
          key: "dispute_coordination",
          labelZh: "协商争议协调处理",
          labelEn: "Coordination of the bargaining dispute",
          due: disputeCoordinationEnds(dates.disputeAcceptedOn, dates.disputeExtended ?? false, rules),
          sourceZh: rules.DISPUTE_COORDINATION_DAYS.source.zh,
        },
        today,
        dates.disputeResolvedOn,
      ),
    );
  }
  return clocks;
}
