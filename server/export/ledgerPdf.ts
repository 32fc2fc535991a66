/**
 * The 周调度 / 月调度 report as a PDF (docs/SPEC.md L-9), A4 landscape, with the agreement PDF's
 * embedded font: Noto Serif SC from @expo-google-fonts/noto-serif-sc, the files named by
 * `PDF_FONT_FILES` in ./agreementPdf (reused as they are; pdfkit embeds only the glyphs used).
 * Characters outside the font are printed as its missing-glyph mark 〓, as in the agreement.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { FLAG_LABELS, STAGE_LABELS } from "~/shared/ledger/labels";
import { MODE_LABELS, SCOPE_LABELS } from "~/shared/roles";
import { cmapCoverage, MISSING_GLYPH_MARK, PDF_FONT_FILES } from "./agreementPdf";
import { CHANGE_KINDS, CHANGE_LABELS, type LedgerReport } from "../ledger/report";
import { reportTitle } from "./ledgerXlsx";

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer; covers: (cp: number) => boolean } | null = null;

function loadFonts() {
  if (!fonts) {
    const regular = readFileSync(require.resolve(PDF_FONT_FILES.regular));
    fonts = { regular, bold: readFileSync(require.resolve(PDF_FONT_FILES.bold)), covers: cmapCoverage(regular) };
  }
  return fonts;
}

export function ledgerReportPdf(report: LedgerReport): Promise<Buffer> {
  const f = loadFonts();
  const printable = (text: string) =>
    [...text.replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")].map((ch) => (ch === "\n" || f.covers(ch.codePointAt(0)!) ? ch : MISSING_GLYPH_MARK)).join("");
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margins: { top: 48, bottom: 48, left: 48, right: 48 }, info: { Title: reportTitle(report), Creator: "同商 Tongshang" } });
  doc.registerFont("regular", f.regular);
  doc.registerFont("bold", f.bold);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 96;
  const heading = (text: string, size = 13) => doc.moveDown(0.6).font("bold").fontSize(size).text(printable(text), { width });
  const line = (text: string, size = 10) => doc.font("regular").fontSize(size).text(printable(text), { width });

  doc.font("bold").fontSize(17).text(printable(reportTitle(report)), { width, align: "center" });
  line(`统计截至 ${report.asOf} · 同商 Tongshang 根据协商记录与审计日志生成`, 9);

  const { start, end, change } = report.coverage;
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  heading("一、覆盖情况");
  line(`生效集体合同:期初 ${start.agreements} 份,期末 ${end.agreements} 份(${signed(change.agreements)})`);
  line(`覆盖企业:期初 ${start.enterprises} 家,期末 ${end.enterprises} 家(${signed(change.enterprises)})`);
  line(`覆盖职工:期初 ${start.workers} 人,期末 ${end.workers} 人(${signed(change.workers)})`);

  heading("二、本期进展");
  line(CHANGE_KINDS.map((k) => `${CHANGE_LABELS[k].zh} ${report.changeCounts[k]}`).join(" · "));
  for (const c of report.changes) line(`· ${CHANGE_LABELS[c.kind].zh}:${c.title}${c.on ? `(${c.on})` : ""}${c.kind === "settled" ? ` ${c.count} 条` : ""}`, 9);

  heading("三、逾期及提示事项");
  if (report.overdue.length === 0) line("无。");
  for (const o of report.overdue) line(`· ${o.title}:${FLAG_LABELS[o.kind].zh},期限 ${o.due}${o.daysOverdue > 0 ? `,已逾期 ${o.daysOverdue} 天` : ""}`, 9);

  heading("四、汇总表");
  if (report.rows.length === 0) line("本期范围内没有协商。");
  report.rows.forEach((r, i) => {
    line(
      `${i + 1}. ${r.title}(${r.region} · ${SCOPE_LABELS[r.scope].zh} · ${MODE_LABELS[r.mode].zh})${STAGE_LABELS[r.stage].zh};要约 ${r.proposedOn}` +
        `${r.signedOn ? `,签署 ${r.signedOn}` : ""}${r.effectiveOn ? `,生效 ${r.effectiveOn}` : ""}${r.expiresOn ? `,到期 ${r.expiresOn}` : ""};` +
        `覆盖企业 ${r.enterprises} 家、职工 ${r.workers} 人${r.overdue.length ? `;${r.overdue.map((k) => FLAG_LABELS[k].zh).join("、")}` : ""}`,
      9,
    );
  });
  doc.end();
  return finished;
}
