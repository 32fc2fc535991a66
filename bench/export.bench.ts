/**
 * Agreement export at the scale of a long sector agreement: 200 clauses (the fixture's 33 clauses
 * repeated with fresh ids, ~10,700 characters), signed, with its signature block and appendix.
 *  - DOCX (server/export/agreementDocx.ts): time and size. Target < 500 ms.
 *  - PDF (server/export/agreementPdf.ts): time and size, CJK font subset embedded. Target < 2 s and < 2 MB.
 * Baselines, same run, same library: the same clause text written as plain paragraphs (title and
 * body per clause) — `docx` with default styles, `pdfkit` with the same embedded font and its own
 * line wrapping, no layout, numbering, page furniture or appendix.
 *  - Tagged PDF (structure tree, artifacts; what the routes serve) against the same PDF untagged:
 *    run in alternating pairs (tagged first, then untagged first …) so drift in machine load hits
 *    both alike; the ratio is the median of the per-pair ratios, with their spread.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Document, Packer, Paragraph } from "docx";
import PDFDocument from "pdfkit";
import type { AgreementContent } from "~/shared/agreement";
import { buildAgreementDocx } from "~/server/export/agreementDocx";
import { fixtureAgreementExport, fixtureContent, repeatedClauses } from "~/server/export/agreementFixture";
import { buildAgreementPdf, PDF_FONT_FILES } from "~/server/export/agreementPdf";
import { benchFigure, PAIRS, pairedFigure, type BenchFigure } from "./figure";

export const EXPORT_CLAUSE_COUNT = 200;
/** Timed runs per contender; the median is reported, after one untimed warm-up run. */
export const TIMED_RUNS = 5;
/** Alternating tagged/untagged pairs for the tagging figure. */
export const TAGGING_PAIRS = 9;

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
  const tagging = await alternatingPairs(
    () => buildAgreementPdf(model, { tagged: true }),
    () => buildAgreementPdf(model, { tagged: false }),
    TAGGING_PAIRS,
  );

  const chars = content.clauses.reduce((sum, clause) => sum + clause.title.length + clause.body.length, 0);
  const scale = `${EXPORT_CLAUSE_COUNT} clauses / ${chars.toLocaleString("en")} chars`;
  return [
    pairedFigure(`agreement DOCX export time, ${scale} (median of ${TIMED_RUNS} per round)`, "ms", DOCX_BASELINE, pairs("docx")),
    benchFigure(`agreement DOCX size, ${scale}`, kb(first.docx.bytes), "KB", DOCX_BASELINE, kb(first.docxPlain.bytes)),
    pairedFigure(`agreement PDF export time, ${scale} (median of ${TIMED_RUNS} per round)`, "ms", PDF_BASELINE, pairs("pdf")),
    benchFigure(`agreement PDF size, ${scale}`, kb(first.pdf.bytes), "KB", PDF_BASELINE, kb(first.pdfPlain.bytes)),
    {
      ...benchFigure(
        `tagged agreement PDF export time, ${scale} (medians of ${TAGGING_PAIRS} alternating pairs; ratio = median per-pair ratio, spread ${tagging.ratioSpread})`,
        tagging.aMs,
        "ms",
        "the same PDF untagged",
        tagging.bMs,
      ),
      ratio: tagging.medianRatio,
    },
    benchFigure(`tagged agreement PDF size, ${scale}`, kb(tagging.aBytes), "KB", "the same PDF untagged", kb(tagging.bBytes)),
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

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * `a` against `b` in alternating pairs after one warm-up each: pair i runs a then b when i is even,
 * b then a when odd. Returns the median times, the median of the per-pair ratios a/b and their
 * spread (lowest–highest), and the output sizes.
 */
async function alternatingPairs(a: () => Promise<Buffer>, b: () => Promise<Buffer>, pairs: number) {
  const aBytes = (await a()).length;
  const bBytes = (await b()).length;
  const time = async (task: () => Promise<Buffer>) => {
    const start = performance.now();
    await task();
    return performance.now() - start;
  };
  const aTimes: number[] = [];
  const bTimes: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      aTimes.push(await time(a));
      bTimes.push(await time(b));
    } else {
      bTimes.push(await time(b));
      aTimes.push(await time(a));
    }
  }
  const ratios = aTimes.map((t, i) => t / bTimes[i]!);
  return {
    aMs: round1(median(aTimes)),
    bMs: round1(median(bTimes)),
    medianRatio: median(ratios),
    ratioSpread: `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
    aBytes,
    bBytes,
  };
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
