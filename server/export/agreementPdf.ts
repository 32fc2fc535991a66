/**
 * The agreement as a PDF, laid out like the DOCX on the one page spec (./pageSpec: A4, GB/T 9704
 * margins, 三号 body on a 29 pt pitch, 第一章 / 第一条, page numbers "— 1 —"), with Noto Serif SC
 * embedded as a subset (./pdfFonts).
 *
 * The PDF is tagged: a structure tree in reading order (标题 H1, 章 H2, 条 H3 with its body as P,
 * the 签署记录 fields as tables), page furniture and the watermark marked as artifacts, the
 * document language zh-CN and the title shown in the viewer's window title. The filing package's
 * copy also claims PDF/A-2b (`pdfA`): fonts embedded (always), XMP metadata with the conformance
 * claim, an sRGB output intent, no transparency (a signed agreement has no watermark).
 *
 * Lines are broken and justified by ./pdfTypesetter, which also keeps every line one block to
 * poppler's reading-order analysis; the sections are set by ./agreementPdfSections.
 */
import { buildAgreementLayout } from "./agreementLayout";
import { articlesSection, furniture, signatureBlocksSection, signatureRecordSection, titleSection } from "./agreementPdfSections";
import type { AgreementExport } from "./exportModel";
import { loadFont } from "./pdfFonts";
import { agreementDocument, createTypesetter } from "./pdfTypesetter";

// The font API other PDF writers reuse (kept here so `import … from "./agreementPdf"` keeps working).
export { cmapCoverage, loadFont, MISSING_GLYPH_MARK, PDF_FONT_FILES, pdfDrawableText, type FontKey, type LoadedFont } from "./pdfFonts";

export interface AgreementPdfOptions {
  /** A tagged PDF (structure tree, artifacts). Default true; false only to measure what tagging costs. */
  tagged?: boolean;
  /** Claim PDF/A-2b (the filing package's copy). Requires a signed agreement: a draft's watermark is transparent. */
  pdfA?: boolean;
}

export async function buildAgreementPdf(model: AgreementExport, options: AgreementPdfOptions = {}): Promise<Buffer> {
  const tagged = options.tagged ?? true;
  const pdfA = options.pdfA ?? false;
  const layout = buildAgreementLayout(model);
  if (pdfA && layout.isDraft) throw new Error("PDF/A copies are made of signed agreements only (a draft's watermark is transparent)");
  const fonts = { regular: loadFont("regular"), bold: loadFont("bold") };

  const doc = agreementDocument({
    tagged,
    pdfA,
    info: {
      Title: layout.title,
      Subject: `${model.negotiation.title}（${layout.statusLabel}）`,
      Author: `${model.negotiation.unionPartyName}；${model.negotiation.enterprisePartyName}`,
      Creator: "同商 Tongshang",
      Keywords: model.version ? `contentHash:${model.version.contentHash}` : "live draft",
    },
  });
  escapeXmpValues(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", fonts.regular.data);
  doc.registerFont("bold", fonts.bold.data);

  const ts = createTypesetter(doc, { tagged, fonts });
  const root = ts.open("Document");
  titleSection(ts, layout, root);
  articlesSection(ts, layout, root);
  signatureBlocksSection(ts, layout, root);
  signatureRecordSection(ts, layout, root);
  ts.close(root);
  furniture(ts, layout, fonts);

  doc.flushPages();
  doc.end();
  return finished;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * pdfkit 0.20 copies the document info (title, author …) into the XMP packet without escaping it:
 * a title holding & or < makes the packet ill-formed XML, which PDF/A validators reject. The info
 * dictionary is written before the XMP, so the values are escaped for the XMP step only.
 * `_addInfo` is not public API, hence the check.
 */
function escapeXmpValues(doc: PDFKit.PDFDocument): void {
  const target = doc as unknown as { _addInfo?: () => void; info: Record<string, unknown> };
  const addInfo = target._addInfo;
  if (typeof addInfo !== "function") return;
  target._addInfo = function (this: typeof target) {
    const raw = this.info;
    this.info = Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [key, typeof value === "string" ? value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!) : value]),
    );
    try {
      addInfo.call(this);
    } finally {
      this.info = raw;
    }
  };
}
