/**
 * The ledger's picture (docs/SPEC.md L-10): negotiations by stage, and workers covered by the
 * agreements in force at the end of each of the last 12 months. Pure, from the rows' dates.
 */
import { addDays, addMonths, toDayNumber, type CalendarDate } from "../rules/deadlines";
import { STAGES, type Stage } from "./labels";
import type { LedgerRow } from "./types";

export function stageOf(row: LedgerRow, asOf: CalendarDate): Stage {
  if (row.status === "effective" || row.dates.effectiveOn !== null) {
    return row.dates.expiresOn !== null && toDayNumber(row.dates.expiresOn) < toDayNumber(asOf) ? "expired" : "effective";
  }
  if (row.status === "suspended") return "bargaining";
  return row.status;
}

export function stageCounts(rows: readonly LedgerRow[], asOf: CalendarDate): { stage: Stage; count: number }[] {
  return STAGES.map((stage) => ({ stage, count: rows.filter((r) => stageOf(r, asOf) === stage).length }));
}

/** Month ends (the last one `asOf` itself) with the workers covered by agreements in force that day. */
export function workersOverTime(rows: readonly LedgerRow[], asOf: CalendarDate, months = 12): { month: string; workers: number }[] {
  const points: { month: string; workers: number }[] = [];
  const firstOfMonth = `${asOf.slice(0, 7)}-01`;
  for (let i = months - 1; i >= 0; i--) {
    const day = i === 0 ? asOf : addDays(addMonths(firstOfMonth, -i + 1), -1);
    const n = toDayNumber(day);
    let workers = 0;
    for (const r of rows) {
      const from = r.dates.effectiveOn;
      if (from === null || toDayNumber(from) > n) continue;
      if (r.dates.expiresOn !== null && toDayNumber(r.dates.expiresOn) < n) continue;
      workers += r.coverage.workers;
    }
    points.push({ month: day.slice(0, 7), workers });
  }
  return points;
}
