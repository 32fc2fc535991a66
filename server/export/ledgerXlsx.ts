/**
 * The ledger and its reports as XLSX workbooks (docs/SPEC.md L-7, L-9), written with exceljs:
 * Chinese column headers, the header row frozen, dates as real dates (a date cell with a
 * yyyy-mm-dd format, so a spreadsheet sorts and filters them), and the 汇总表 layout of the
 * reports federations send upward: one row per negotiation, a totals row, a sheet of overdue
 * items. A ledger with no rows is still a valid workbook with its headers.
 */
import ExcelJS from "exceljs";
import { FLAG_LABELS, STAGE_LABELS } from "~/shared/ledger/labels";
import type { Ledger } from "~/shared/ledger/types";
import { MODE_LABELS, SCOPE_LABELS } from "~/shared/roles";
import { toDayNumber, type CalendarDate } from "~/shared/rules/deadlines";
import { CHANGE_KINDS, CHANGE_LABELS, type LedgerReport } from "../ledger/report";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type Cell = string | number | Date | null;
interface Column {
  header: string;
  width: number;
  date?: boolean;
}

/** A calendar date as the spreadsheet's date (UTC midnight, so no time zone shifts the day). */
function dateCell(date: CalendarDate | null): Date | null {
  return date === null ? null : new Date(toDayNumber(date) * 86_400_000);
}

/** A workbook signed as ours, dated the day its figures stand at. */
function newWorkbook(asOf: CalendarDate): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "同商 Tongshang";
  workbook.created = new Date(toDayNumber(asOf) * 86_400_000);
  return workbook;
}

function addTable(workbook: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][], totals?: Cell[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.date ? { numFmt: "yyyy-mm-dd" } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { vertical: "middle", wrapText: true };
  for (const row of rows) sheet.addRow(row);
  if (totals) {
    const row = sheet.addRow(totals);
    row.font = { bold: true };
  }
  return sheet;
}

/** The columns that name a negotiation, first in both the ledger and the 汇总表. */
const NEGOTIATION_COLUMNS: Column[] = [
  { header: "序号", width: 6 },
  { header: "协商名称", width: 36 },
  { header: "地区", width: 12 },
  { header: "行业", width: 14 },
  { header: "协商范围", width: 10 },
  { header: "协商方式", width: 10 },
  { header: "工会方", width: 28 },
  { header: "企业方", width: 28 },
];

/** Who a negotiation is and between whom: the cells under NEGOTIATION_COLUMNS, numbered from 1. */
function negotiationCells(
  r: { title: string; region: string; industry: string; scope: keyof typeof SCOPE_LABELS; mode: keyof typeof MODE_LABELS; unionOrgName: string; enterpriseOrgName: string },
  index: number,
): Cell[] {
  return [index + 1, r.title, r.region, r.industry, SCOPE_LABELS[r.scope].zh, MODE_LABELS[r.mode].zh, r.unionOrgName, r.enterpriseOrgName];
}

/** A negotiation's milestone dates, in the order both sheets show them. */
const DATE_COLUMNS: Column[] = [
  { header: "要约日期", width: 12, date: true },
  { header: "回应期限", width: 12, date: true },
  { header: "回应日期", width: 12, date: true },
  { header: "签署日期", width: 12, date: true },
  { header: "报送日期", width: 12, date: true },
  { header: "生效日期", width: 12, date: true },
  { header: "到期日期", width: 12, date: true },
];

type MilestoneDates = Record<"proposedOn" | "answerDue" | "answeredOn" | "signedOn" | "filedOn" | "effectiveOn" | "expiresOn", CalendarDate | null>;

/** The cells under DATE_COLUMNS. */
function dateCells(d: MilestoneDates): Cell[] {
  return [d.proposedOn, d.answerDue, d.answeredOn, d.signedOn, d.filedOn, d.effectiveOn, d.expiresOn].map(dateCell);
}

const flags = (kinds: readonly (keyof typeof FLAG_LABELS)[]) => kinds.map((k) => FLAG_LABELS[k].zh).join("、");

/** GET /ledger.xlsx: the ledger's rows as on the page (after its filters), with a totals row. */
export async function ledgerWorkbook(ledger: Ledger, organisationName: string): Promise<Buffer> {
  const workbook = newWorkbook(ledger.asOf);
  const columns: Column[] = [
    ...NEGOTIATION_COLUMNS,
    { header: "上级工会", width: 20 },
    { header: "状态", width: 12 },
    { header: "暂定一致条款", width: 10 },
    { header: "条款总数", width: 10 },
    { header: "覆盖企业数", width: 10 },
    { header: "覆盖职工数", width: 10 },
    ...DATE_COLUMNS,
    { header: "逾期及提示", width: 30 },
  ];
  const rows = ledger.rows.map((r, i): Cell[] => [
    ...negotiationCells(r, i),
    r.higherUnionOrgName,
    STAGE_LABELS[r.status].zh,
    r.progress.agreed,
    r.progress.total,
    r.coverage.enterprises,
    r.coverage.workers,
    ...dateCells(r.dates),
    flags(r.overdue),
  ]);
  const enterprises = ledger.rows.filter((r) => r.inForce).reduce((s, r) => s + r.coverage.enterprises, 0);
  const totals: Cell[] = ["合计", `${ledger.totals.negotiations} 项协商,生效 ${ledger.totals.inForce} 份`, null, null, null, null, null, null, null, null, null, null, enterprises, ledger.totals.workersCovered, null, null, null, null, null, null, null, `${ledger.totals.overdue} 项`];
  const sheet = addTable(workbook, "台账", columns, rows, totals);
  sheet.headerFooter.oddHeader = `${organisationName} 集体协商台账 ${ledger.asOf}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** GET /ledger/report.xlsx: the 周调度 / 月调度 report — 汇总表, 逾期事项, 本期变化, 概况. */
export async function ledgerReportWorkbook(report: LedgerReport): Promise<Buffer> {
  const workbook = newWorkbook(report.asOf);
  const summaryColumns: Column[] = [
    ...NEGOTIATION_COLUMNS,
    { header: "阶段", width: 12 },
    ...DATE_COLUMNS,
    { header: "覆盖企业数", width: 10 },
    { header: "覆盖职工数", width: 10 },
    { header: "本期暂定一致条款", width: 12 },
    { header: "逾期及提示", width: 30 },
  ];
  const rows = report.rows.map((r, i): Cell[] => [
    ...negotiationCells(r, i),
    STAGE_LABELS[r.stage].zh,
    ...dateCells(r),
    r.enterprises,
    r.workers,
    r.settledInPeriod,
    flags(r.overdue),
  ]);
  const sum = (pick: (r: LedgerReport["rows"][number]) => number) => report.rows.reduce((s, r) => s + pick(r), 0);
  const totals: Cell[] = ["合计", `${report.rows.length} 项协商`, null, null, null, null, null, null, null, null, null, null, null, null, null, null, sum((r) => r.enterprises), sum((r) => r.workers), sum((r) => r.settledInPeriod), `${report.overdue.length} 项`];
  const summary = addTable(workbook, "汇总表", summaryColumns, rows, totals);
  summary.headerFooter.oddHeader = `${reportTitle(report)}`;

  addTable(
    workbook,
    "逾期事项",
    [
      { header: "序号", width: 6 },
      { header: "协商名称", width: 36 },
      { header: "事项", width: 26 },
      { header: "期限", width: 12, date: true },
      { header: "逾期天数", width: 10 },
    ],
    report.overdue.map((o, i) => [i + 1, o.title, FLAG_LABELS[o.kind].zh, dateCell(o.due), o.daysOverdue]),
  );
  addTable(
    workbook,
    "本期变化",
    [
      { header: "事项", width: 16 },
      { header: "协商名称", width: 36 },
      { header: "日期", width: 12, date: true },
      { header: "数量", width: 8 },
    ],
    report.changes.map((c) => [CHANGE_LABELS[c.kind].zh, c.title, dateCell(c.on), c.count]),
  );
  const { start, end, change } = report.coverage;
  addTable(
    workbook,
    "概况",
    [
      { header: "项目", width: 22 },
      { header: "期初", width: 12 },
      { header: "期末", width: 12 },
      { header: "变化", width: 12 },
    ],
    [
      ["生效集体合同(份)", start.agreements, end.agreements, change.agreements],
      ["覆盖企业(家)", start.enterprises, end.enterprises, change.enterprises],
      ["覆盖职工(人)", start.workers, end.workers, change.workers],
      ...CHANGE_KINDS.map((k): Cell[] => [`本期${CHANGE_LABELS[k].zh}`, null, report.changeCounts[k], null]),
      ["当前逾期及提示(项)", null, report.overdue.length, null],
    ],
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function reportTitle(report: LedgerReport): string {
  const kind = report.period.period === "week" ? "周调度" : "月调度";
  return `${report.scope.organisationName} 集体协商${kind}报告(${report.period.from} 至 ${report.period.to})`;
}

