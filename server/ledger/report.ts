/**
 * The 周调度 / 月调度 report of a scope (docs/SPEC.md L-8): what changed in the period, what is
 * overdue at its end (or today, for the current period), the coverage at its start and end. Built
 * from dated records and the audit trail only, never from "current status", so the report of a
 * past period reads the same whenever it is drawn.
 */
import type { Db } from "~/db/client";
import { ledgerAuditEntries, ledgerRecords, type LedgerAuditEntry, type LedgerRecord } from "~/db/queries/ledger";
import { ledgerClocks, type LedgerClockKind } from "~/shared/ledger/clocks";
import type { Stage } from "~/shared/ledger/labels";
import { inPeriod, periodContaining, type PeriodRange, type ReportPeriod } from "~/shared/ledger/period";
import { addDays, chinaToday, daysLeft, toDayNumber, type CalendarDate } from "~/shared/rules/deadlines";
import type { LedgerScope } from "../policies/ledger";

export const CHANGE_KINDS = ["started", "answered", "settled", "ratified", "signed", "filed", "tookEffect", "expired"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_LABELS: Record<ChangeKind, { zh: string; en: string }> = {
  started: { zh: "新发起要约", en: "Proposals made" },
  answered: { zh: "回应要约", en: "Proposals answered" },
  settled: { zh: "条款暂定一致", en: "Clauses settled" },
  ratified: { zh: "职代会审议通过", en: "Ratified" },
  signed: { zh: "签署", en: "Signed" },
  filed: { zh: "报送审查", en: "Filed" },
  tookEffect: { zh: "生效", en: "Took effect" },
  expired: { zh: "到期", en: "Expired" },
};

export interface CoverageTotals {
  agreements: number;
  enterprises: number;
  workers: number;
}

export interface ReportRow {
  negotiationId: string;
  title: string;
  region: string;
  industry: string;
  scope: LedgerRecord["scope"];
  mode: LedgerRecord["mode"];
  stage: Stage;
  unionOrgName: string;
  enterpriseOrgName: string;
  higherUnionOrgName: string | null;
  proposedOn: CalendarDate;
  answerDue: CalendarDate;
  answeredOn: CalendarDate | null;
  signedOn: CalendarDate | null;
  filedOn: CalendarDate | null;
  effectiveOn: CalendarDate | null;
  expiresOn: CalendarDate | null;
  enterprises: number;
  workers: number;
  settledInPeriod: number;
  overdue: LedgerClockKind[];
}

export interface ReportChange {
  kind: ChangeKind;
  negotiationId: string;
  title: string;
  /** The day it happened (for `settled`: the number of clauses, on no single day). */
  on: CalendarDate | null;
  count: number;
}

export interface OverdueItem {
  negotiationId: string;
  title: string;
  kind: LedgerClockKind;
  due: CalendarDate;
  /** Days past due (0 for a renewal window that is open). */
  daysOverdue: number;
}

export interface LedgerReport {
  scope: { kind: LedgerScope["kind"]; organisationId: string; organisationName: string };
  period: PeriodRange;
  /** The day the figures describe: the period's last day, or today inside the current period. */
  asOf: CalendarDate;
  rows: ReportRow[];
  changes: ReportChange[];
  changeCounts: Record<ChangeKind, number>;
  overdue: OverdueItem[];
  coverage: { start: CoverageTotals; end: CoverageTotals; change: CoverageTotals };
}

const HOUR_MS = 3_600_000;
/** The last millisecond of a calendar day in China (UTC+8). */
export function endOfChinaDay(date: CalendarDate): number {
  return (toDayNumber(date) + 1) * 24 * HOUR_MS - 8 * HOUR_MS - 1;
}
export function startOfChinaDay(date: CalendarDate): number {
  return toDayNumber(date) * 24 * HOUR_MS - 8 * HOUR_MS;
}
function chinaDateOf(ms: number): CalendarDate {
  return chinaToday(new Date(ms));
}

function stageOn(r: LedgerRecord, day: CalendarDate): Stage {
  const by = (d: CalendarDate | null) => d !== null && toDayNumber(d) <= toDayNumber(day);
  if (by(r.dates.effectiveOn)) return r.dates.expiresOn !== null && toDayNumber(r.dates.expiresOn) < toDayNumber(day) ? "expired" : "effective";
  if (by(r.dates.filedOn)) return "filed";
  if (by(r.dates.signedOn)) return "signed";
  if (by(r.ratifiedOn)) return "ratified";
  if (by(r.dates.answeredOn)) return "bargaining";
  return "proposed";
}

function ledgerDates(r: LedgerRecord) {
  return { ...r.dates, reviewedOn: r.reviewedOn };
}

/** Coverage of one negotiation at the end of `day`: the last audited change by then (L-8). */
function coverageReader(entries: readonly LedgerAuditEntry[]) {
  const history = new Map<string, { at: number; enterprises: number; workers: number }[]>();
  for (const e of entries) {
    if (e.action !== "coverage.updated") continue;
    const detail = JSON.parse(e.detail) as { enterprises?: number; workers?: number };
    const list = history.get(e.negotiationId) ?? [];
    list.push({ at: e.at, enterprises: detail.enterprises ?? 0, workers: detail.workers ?? 0 });
    history.set(e.negotiationId, list);
  }
  return (r: LedgerRecord, day: CalendarDate): { enterprises: number; workers: number } => {
    const list = history.get(r.negotiationId);
    // Figures entered without the coverage form (an import) have no history: take them as they are.
    if (!list) return r.coverage;
    const until = endOfChinaDay(day);
    let found = { enterprises: 0, workers: 0 };
    for (const c of list) if (c.at <= until) found = c;
    return found;
  };
}

function totalsOn(records: readonly LedgerRecord[], day: CalendarDate, coverageOn: ReturnType<typeof coverageReader>): CoverageTotals {
  const totals = { agreements: 0, enterprises: 0, workers: 0 };
  for (const r of records) {
    if (toDayNumber(r.dates.proposedOn) > toDayNumber(day)) continue;
    if (!ledgerClocks(ledgerDates(r), day).inForce) continue;
    const c = coverageOn(r, day);
    totals.agreements++;
    totals.enterprises += c.enterprises;
    totals.workers += c.workers;
  }
  return totals;
}

export async function buildLedgerReport(
  db: Db,
  scope: LedgerScope,
  organisationName: string,
  userId: string,
  period: ReportPeriod,
  on: CalendarDate,
  today: CalendarDate = chinaToday(),
): Promise<LedgerReport> {
  const range = periodContaining(period, on);
  const asOf = toDayNumber(range.to) < toDayNumber(today) ? range.to : today;
  const all = await ledgerRecords(db, scope, userId, {}, asOf);
  const records = all.filter((r) => toDayNumber(r.dates.proposedOn) <= toDayNumber(range.to));
  const entries = await ledgerAuditEntries(db, scope, startOfChinaDay(range.from), endOfChinaDay(range.to));
  const coverageOn = coverageReader(entries);

  const settled = new Map<string, number>();
  for (const e of entries) {
    if (e.action !== "ta.confirmed" || !inPeriod(chinaDateOf(e.at), range)) continue;
    settled.set(e.negotiationId, (settled.get(e.negotiationId) ?? 0) + 1);
  }

  const changes: ReportChange[] = [];
  for (const r of records) {
    const dated: [ChangeKind, CalendarDate | null][] = [
      ["started", r.dates.proposedOn],
      ["answered", r.dates.answeredOn],
      ["ratified", r.ratifiedOn],
      ["signed", r.dates.signedOn],
      ["filed", r.dates.filedOn],
      ["tookEffect", r.dates.effectiveOn],
      ["expired", r.dates.expiresOn],
    ];
    for (const [kind, date] of dated) if (inPeriod(date, range)) changes.push({ kind, negotiationId: r.negotiationId, title: r.title, on: date, count: 1 });
    const n = settled.get(r.negotiationId);
    if (n) changes.push({ kind: "settled", negotiationId: r.negotiationId, title: r.title, on: null, count: n });
  }
  changes.sort((a, b) => CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind) || (a.on ?? "").localeCompare(b.on ?? "") || a.title.localeCompare(b.title, "zh-CN"));
  const changeCounts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.kind === k).reduce((s, c) => s + c.count, 0)])) as Record<ChangeKind, number>;

  const rows: ReportRow[] = [];
  const overdue: OverdueItem[] = [];
  for (const r of records) {
    const state = ledgerClocks(ledgerDates(r), asOf);
    const c = coverageOn(r, asOf);
    rows.push({
      negotiationId: r.negotiationId,
      title: r.title,
      region: r.region,
      industry: r.industry,
      scope: r.scope,
      mode: r.mode,
      stage: stageOn(r, asOf),
      unionOrgName: r.unionOrgName,
      enterpriseOrgName: r.enterpriseOrgName,
      higherUnionOrgName: r.higherUnionOrgName,
      proposedOn: r.dates.proposedOn,
      answerDue: r.dates.answerDue,
      // Dates after the report's day had not happened yet then.
      answeredOn: upTo(r.dates.answeredOn, asOf),
      signedOn: upTo(r.dates.signedOn, asOf),
      filedOn: upTo(r.dates.filedOn, asOf),
      effectiveOn: upTo(r.dates.effectiveOn, asOf),
      expiresOn: upTo(r.dates.effectiveOn, asOf) ? r.dates.expiresOn : null,
      enterprises: c.enterprises,
      workers: c.workers,
      settledInPeriod: settled.get(r.negotiationId) ?? 0,
      overdue: state.overdue,
    });
    for (const kind of state.overdue) {
      const clock = state.clocks.find((k) => k.kind === kind)!;
      overdue.push({ negotiationId: r.negotiationId, title: r.title, kind, due: clock.due, daysOverdue: Math.max(0, -daysLeft(asOf, clock.due)) });
    }
  }
  rows.sort((a, b) => a.region.localeCompare(b.region, "zh-CN") || a.proposedOn.localeCompare(b.proposedOn) || a.negotiationId.localeCompare(b.negotiationId));
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.title.localeCompare(b.title, "zh-CN"));

  const start = totalsOn(records, addDays(range.from, -1), coverageOn);
  const end = totalsOn(records, asOf, coverageOn);
  return {
    scope: { kind: scope.kind, organisationId: scope.organisationId, organisationName },
    period: range,
    asOf,
    rows,
    changes,
    changeCounts,
    overdue,
    coverage: {
      start,
      end,
      change: { agreements: end.agreements - start.agreements, enterprises: end.enterprises - start.enterprises, workers: end.workers - start.workers },
    },
  };
}

function upTo(date: CalendarDate | null, day: CalendarDate): CalendarDate | null {
  return date !== null && toDayNumber(date) <= toDayNumber(day) ? date : null;
}
