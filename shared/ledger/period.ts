/**
 * The periods of the 周调度 and 月调度 reports (docs/SPEC.md L-8): the ISO week (Monday to Sunday)
 * or the calendar month that contains a day. Pure calendar arithmetic on ../rules/deadlines.
 */
import { addDays, addMonths, fromDayNumber, toDayNumber, type CalendarDate } from "../rules/deadlines";

export const REPORT_PERIODS = ["week", "month"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface PeriodRange {
  period: ReportPeriod;
  from: CalendarDate;
  to: CalendarDate;
}

export function periodContaining(period: ReportPeriod, on: CalendarDate): PeriodRange {
  if (period === "week") {
    const day = toDayNumber(on);
    // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
    const monday = day - ((((day + 3) % 7) + 7) % 7);
    return { period, from: fromDayNumber(monday), to: fromDayNumber(monday + 6) };
  }
  const from = `${on.slice(0, 7)}-01`;
  return { period, from, to: addDays(addMonths(from, 1), -1) };
}

/** Whether `date` lies in the range, both ends included. */
export function inPeriod(date: CalendarDate | null, range: { from: CalendarDate; to: CalendarDate }): boolean {
  if (date === null) return false;
  const n = toDayNumber(date);
  return n >= toDayNumber(range.from) && n <= toDayNumber(range.to);
}
