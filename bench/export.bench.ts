/**
 * Agreement export at the scale of a long sector agreement: 200 clauses (the fixture's 33 clauses
 * repeated with fresh ids, ~10,700 characters), signed, with its signature block and appendix.
 *  - DOCX (server/export/agreementDocx.ts): time and size. Target < 500 ms.
 *  - PDF (server/export/agreementPdf.ts): time and size, CJK font subset embedded. Target < 2 s and < 2 MB.
 * Baselines, same run, same library: the same clause text written as plain paragraphs (title and
 * body per clause) — `docx` with default styles, `pdfkit` with the same embedded font and its own
 * line wrapping, no layout, numbering, page furniture or appendix.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Document, Packer, Paragraph } from "docx";
import PDFDocument from "pdfkit";
import type { AgreementContent } from "../shared/agreement";
import { buildAgreementDocx } from "../server/export/agreementDocx";
import { fixtureAgreementExport, fixtureContent, repeatedClauses } from "../server/export/agreementFixture";
import { buildAgreementPdf, PDF_FONT_FILES } from "../server/export/agreementPdf";
import { benchFigure, PAIRS, pairedFigure, type BenchFigure } from "./figure";

export const EXPORT_CLAUSE_COUNT = 200;
/** Timed runs per contender; the median is reported, after one untimed warm-up run. */
export const TIMED_RUNS = 5;

const DOCX_BASELINE = "docx: the same text as plain paragraphs";
const PDF_BASELINE = "pdfkit: the same text as plain paragraphs, same embedded font";

export async function run(): Promise<BenchFigure[]> {
  const base = fixtureContent();
  const content: AgreementContent = { ...base, clauses: repeatedClauses(base.clauses, EXPORT_CLAUSE_COUNT) };
  const model = fixtureAgreementExport({ status: "signed", content });
  const fontData = readFileSync(createRequire(import.meta.url).resolve(PDF_FONT_FILES.regular));

  // Alternated rounds: ours then the plain baseline, each the median of TIMED_RUNS runs.
  const rounds: { docx: Timed; docxPlain: Timed; pdf: Timed; pdfPlain: Timed }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const docx = await timeAsync(() => buildAgreementDocx(model));
    const docxPlain = await timeAsync(() => plainDocx(content));
    const pdf = await timeAsync(() => buildAgreementPdf(model));
    const pdfPlain = await timeAsync(() => plainPdf(content, fontData));
    rounds.push({ docx, docxPlain, pdf, pdfPlain });
  }
  const pairs = (ours: "docx" | "pdf") => rounds.map((round) => ({ ours: round[ours].ms, baseline: round[ours === "docx" ? "docxPlain" : "pdfPlain"].ms }));
  const first = rounds[0]!;

  const chars = content.clauses.reduce((sum, clause) => sum + clause.title.length + clause.body.length, 0);
  const scale = `${EXPORT_CLAUSE_COUNT} clauses / ${chars.toLocaleString("en")} chars`;
  return [
    pairedFigure(`agreement DOCX export time, ${scale} (median of ${TIMED_RUNS} per round)`, "ms", DOCX_BASELINE, pairs("docx")),
    benchFigure(`agreement DOCX size, ${scale}`, kb(first.docx.bytes), "KB", DOCX_BASELINE, kb(first.docxPlain.bytes)),
    pairedFigure(`agreement PDF export time, ${scale} (median of ${TIMED_RUNS} per round)`, "ms", PDF_BASELINE, pairs("pdf")),
    benchFigure(`agreement PDF size, ${scale}`, kb(first.pdf.bytes), "KB", PDF_BASELINE, kb(first.pdfPlain.bytes)),
  ];
}

interface Timed {
  ms: number;
  bytes: number;
}

async function plainDocx(content: AgreementContent): Promise<Buffer> {
  const children = content.clauses.flatMap((clause) => [new Paragraph(clause.title), new Paragraph(clause.body)]);
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(content.title), ...children] }] }));
}

function plainPdf(content: AgreementContent, fontData: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4" });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.registerFont("cjk", fontData);
  doc.font("cjk").fontSize(16).text(content.title);
  for (const clause of content.clauses) doc.text(clause.title).text(clause.body);
  doc.end();
  return finished;
}

/** Median time of TIMED_RUNS runs after a warm-up (which also reads the fonts once), and the output size. */
async function timeAsync(task: () => Promise<Buffer>): Promise<Timed> {
  const warmUp = await task();
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, bytes: warmUp.length };
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
