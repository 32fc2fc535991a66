/**
 * The ledger's clocks (台账, docs/SPEC.md L-3): which statutory duties of one negotiation are still
 * open on a given day, how many days are left, and which items the ledger flags (挂账). Pure: the
 * arithmetic is ../rules/deadlines; a date later than `asOf` counts as not yet happened, so a
 * report of a past period sees what was true then (L-8).
 */
import {
  algorithmConsultationDue,
  daysLeft,
  filingDeadline,
  proposalAnswerDeadline,
  publicationDeadline,
  renewalWindowOpens,
  reviewEnds,
  toDayNumber,
  type CalendarDate,
} from "../rules/deadlines";
import { STATUTORY_RULES, type StatutoryRules } from "../rules/config";

export const LEDGER_CLOCK_KINDS = ["answer", "filing", "review", "publication", "renewal", "algorithm"] as const;
export type LedgerClockKind = (typeof LEDGER_CLOCK_KINDS)[number];

export interface LedgerClock {
  kind: LedgerClockKind;
  /** The last day of the duty (renewal: the day the window opens, then the day the agreement expires). */
  due: CalendarDate;
  daysLeft: number;
  overdue: boolean;
}

/** The dated records of a negotiation the clocks read; null until the step happened. */
export interface LedgerDates {
  proposedOn: CalendarDate;
  answeredOn: CalendarDate | null;
  signedOn: CalendarDate | null;
  filedOn: CalendarDate | null;
  reviewedOn: CalendarDate | null;
  effectiveOn: CalendarDate | null;
  publishedOn: CalendarDate | null;
  expiresOn: CalendarDate | null;
  algorithmConsultedOn: CalendarDate | null;
}

export interface LedgerClockState {
  clocks: LedgerClock[];
  /** The flagged items: a duty past due, or the renewal window open. */
  overdue: LedgerClockKind[];
  /** Took effect on or before `asOf` and not expired by then. */
  inForce: boolean;
}

/** The date if it had happened by `asOf`, else null. */
function by(date: CalendarDate | null, asOf: CalendarDate): CalendarDate | null {
  return date !== null && toDayNumber(date) <= toDayNumber(asOf) ? date : null;
}

export function ledgerClocks(dates: LedgerDates, asOf: CalendarDate, rules: StatutoryRules = STATUTORY_RULES): LedgerClockState {
  const d = {
    answeredOn: by(dates.answeredOn, asOf),
    signedOn: by(dates.signedOn, asOf),
    filedOn: by(dates.filedOn, asOf),
    reviewedOn: by(dates.reviewedOn, asOf),
    effectiveOn: by(dates.effectiveOn, asOf),
    publishedOn: by(dates.publishedOn, asOf),
    algorithmConsultedOn: by(dates.algorithmConsultedOn, asOf),
  };
  const clocks: LedgerClock[] = [];
  const duty = (kind: LedgerClockKind, due: CalendarDate) => {
    const left = daysLeft(asOf, due);
    clocks.push({ kind, due, daysLeft: left, overdue: left < 0 });
  };
  const expired = dates.expiresOn !== null && toDayNumber(dates.expiresOn) < toDayNumber(asOf);
  const inForce = d.effectiveOn !== null && !expired;

  // 第三十二条: answer the 要约 within 20 days.
  if (d.answeredOn === null && d.signedOn === null) duty("answer", proposalAnswerDeadline(dates.proposedOn, rules));
  // 第四十二条: file within 10 days of signing.
  if (d.signedOn !== null && d.filedOn === null) duty("filing", filingDeadline(d.signedOn, rules));
  // 第四十五、四十七条: the review ends 15 days after filing; past it with no outcome recorded, the ledger asks.
  if (d.filedOn !== null && d.reviewedOn === null && d.effectiveOn === null) duty("review", reviewEnds(d.filedOn, rules));
  // 第四十八条 and the 2024 guidance: publish within 10 days of taking effect.
  if (d.effectiveOn !== null && d.publishedOn === null && !expired) duty("publication", publicationDeadline(d.effectiveOn, rules));
  if (inForce && dates.expiresOn !== null) {
    // 第三十八条: either side may ask to renew in the last 3 months; the flag says the window is open.
    const opens = renewalWindowOpens(dates.expiresOn, rules);
    const open = toDayNumber(asOf) >= toDayNumber(opens);
    const due = open ? dates.expiresOn : opens;
    clocks.push({ kind: "renewal", due, daysLeft: daysLeft(asOf, due), overdue: false });
  }
  // 2026 guidance: at least one algorithm-rules consultation a year while the agreement is in force.
  if (inForce) duty("algorithm", algorithmConsultationDue(d.algorithmConsultedOn ?? d.effectiveOn!, rules));

  const overdue = clocks.filter((c) => c.overdue).map((c) => c.kind);
  const renewal = clocks.find((c) => c.kind === "renewal");
  if (renewal && dates.expiresOn !== null && renewal.due === dates.expiresOn) overdue.push("renewal");
  return { clocks, overdue, inForce };
}
