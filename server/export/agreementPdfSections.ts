/**
 * The sections of the agreement PDF, in the order they are printed — title, chapters and articles,
 * the signature blocks (落款), the 签署记录 appendix, and the page furniture — each one function over
 * the layout (./agreementLayout), like the sections of the DOCX builder. Each also builds its part
 * of the structure tree of the tagged PDF: 标题 H1, 章 H2, 条 H3 with its body as P, the appendix's
 * fields as a table of TH/TD rows; furniture is an artifact.
 */
import type { AgreementLayout, LayoutField } from "./agreementLayout";
import { PAGE_SPEC } from "./pageSpec";
import { MISSING_GLYPH_MARK, pdfDrawableText, type FontKey, type LoadedFont } from "./pdfFonts";
import { IDEOGRAPHIC_SPACE, type ParagraphStyle, type Part, type StructNode, type StructType, type Typesetter } from "./pdfTypesetter";

const { size: SIZE, linePitch: LINE_PITCH, margins: MARGINS, space: SPACE } = PAGE_SPEC;

const BODY: ParagraphStyle = { size: SIZE.body, pitch: LINE_PITCH };
const APPENDIX: ParagraphStyle = { size: SIZE.appendix, pitch: PAGE_SPEC.appendixPitch, left: 2 * SIZE.appendix };
const TITLE: ParagraphStyle = { size: SIZE.title, pitch: PAGE_SPEC.titlePitch, align: "center" };

/** One paragraph that is one structure element of `type` under `parent`. */
function block(ts: Typesetter, type: StructType, parent: StructNode | undefined, runs: Part["runs"], style: ParagraphStyle): void {
  const node = ts.open(type, parent);
  ts.paragraph([{ node, runs }], style);
  ts.close(node);
}

/** 标题 and the lines under it. */
export function titleSection(ts: Typesetter, layout: AgreementLayout, root: StructNode | undefined): void {
  ts.doc.y = MARGINS.top;
  block(ts, "H1", root, [{ text: layout.title, font: "bold" }], TITLE);
  ts.doc.y += SPACE.afterTitle;
  for (const line of layout.subtitleLines) block(ts, "P", root, [{ text: line, font: "regular" }], { ...BODY, align: "center" });
  ts.doc.y += LINE_PITCH / 2;
}

/** 正文: 第一章 总则 / 第一条 title body, a further 款 of a clause as a paragraph of its own. */
export function articlesSection(ts: Typesetter, layout: AgreementLayout, root: StructNode | undefined): void {
  for (const chapter of layout.chapters) {
    const section = ts.open("Sect", root);
    ts.keepTogether(LINE_PITCH * 3.5);
    if (ts.doc.y > MARGINS.top + 1) ts.doc.y += SPACE.beforeChapter;
    block(ts, "H2", section, [{ text: `${chapter.label}${IDEOGRAPHIC_SPACE}${chapter.title}`, font: "bold" }], { ...BODY, align: "center" });
    for (const article of chapter.articles) {
      const articleSection = ts.open("Sect", section);
      const heading = ts.open("H3", articleSection);
      const body = ts.open("P", articleSection);
      const [firstLine = "", ...moreLines] = article.body.split(/\r\n|\r|\n/);
      ts.paragraph(
        [
          {
            node: heading,
            runs: [
              { text: `${article.label}${IDEOGRAPHIC_SPACE}`, font: "bold" },
              ...(article.title ? [{ text: `${article.title}${IDEOGRAPHIC_SPACE}`, font: "bold" as const }] : []),
            ],
          },
          { node: body, runs: [{ text: firstLine, font: "regular" }] },
        ],
        { ...BODY, firstLineIndent: PAGE_SPEC.indent },
      );
      ts.close(heading, body);
      for (const line of moreLines) block(ts, "P", articleSection, [{ text: line, font: "regular" }], { ...BODY, firstLineIndent: PAGE_SPEC.indent });
      ts.close(articleSection);
    }
    ts.close(section);
  }
}

/**
 * 签署人：张三 — a label and its value; in a table row (TH, TD) when `row` is given. A hash goes on
 * its own line in a smaller size so it is never broken.
 */
function field(ts: Typesetter, f: LayoutField, style: ParagraphStyle, parent: StructNode | undefined, cells: boolean): void {
  const row = cells ? ts.open("TR", parent) : undefined;
  const label = ts.open(cells ? "TH" : "P", row ?? parent);
  const value = cells ? ts.open("TD", row) : label;
  if (f.mono) {
    ts.paragraph([{ node: label, runs: [{ text: `${f.label}：`, font: "bold" }] }], { ...style, align: "left" });
    ts.paragraph([{ node: value, runs: [{ text: f.value, font: "regular" }] }], { ...style, size: SIZE.hash, align: "left" });
  } else {
    ts.paragraph(
      [
        { node: label, runs: [{ text: `${f.label}：`, font: "bold" }] },
        { node: value, runs: [{ text: f.value, font: "regular" }] },
      ],
      { ...style, align: "left" },
    );
  }
  ts.close(label, ...(cells ? [value, row] : []));
}

const fieldHeight = (ts: Typesetter, f: LayoutField, style: ParagraphStyle) =>
  f.mono ? 2 * style.pitch : ts.heightOf([{ node: undefined, runs: [{ text: `${f.label}：${f.value}`, font: "regular" }] }], style);

/** 落款: each side's block kept on one page. */
export function signatureBlocksSection(ts: Typesetter, layout: AgreementLayout, root: StructNode | undefined): void {
  ts.doc.y += LINE_PITCH / 2;
  const signatory: ParagraphStyle = { ...BODY, left: PAGE_SPEC.indent };
  for (const block of layout.signatureBlocks) {
    const section = ts.open("Sect", root);
    const lines = block.signatories.flat();
    ts.keepTogether(LINE_PITCH * 1.5 + lines.reduce((sum, f) => sum + fieldHeight(ts, f, signatory), 0));
    ts.doc.y += SPACE.beforeSignatureBlock;
    const heading = ts.open("P", section);
    ts.paragraph(
      [
        {
          node: heading,
          runs: [
            { text: `${block.heading}：`, font: "bold" },
            { text: block.party, font: "regular" },
          ],
        },
      ],
      { ...BODY, align: "left" },
    );
    ts.close(heading);
    for (const f of lines) field(ts, f, signatory, section, false);
    ts.close(section);
  }
}

/** 附件 签署记录, on a page of its own; each group of fields is a table (label | value). */
export function signatureRecordSection(ts: Typesetter, layout: AgreementLayout, root: StructNode | undefined): void {
  ts.newPage();
  const section = ts.open("Sect", root);
  const [appendixLabel = "", ...appendixTitle] = layout.appendix.title.split(" ");
  block(ts, "P", section, [{ text: appendixLabel, font: "bold" }], { ...BODY, align: "left" });
  block(ts, "H1", section, [{ text: appendixTitle.join(" "), font: "bold" }], TITLE);
  ts.doc.y += LINE_PITCH / 3;
  for (const part of layout.appendix.sections) {
    ts.keepTogether(LINE_PITCH * 3);
    ts.doc.y += SPACE.beforeAppendixSection;
    block(ts, "H2", section, [{ text: part.heading, font: "bold" }], { ...BODY, align: "left" });
    for (const group of part.groups) {
      const height = group.reduce((sum, f) => sum + fieldHeight(ts, f, APPENDIX), 0);
      ts.keepTogether(Math.min(height, ts.pageBottom() - MARGINS.top));
      const table = ts.open("Table", section);
      for (const f of group) field(ts, f, APPENDIX, table, true);
      ts.close(table);
      ts.doc.y += SPACE.betweenAppendixGroups;
    }
    notes(ts, part.notes, section);
  }
  if (ts.missingGlyphs > 0) {
    ts.doc.y += SIZE.appendix;
    // Counted before this note is set; the note itself uses only characters the font has.
    notes(
      ts,
      [
        `注：本 PDF 中有 ${ts.missingGlyphs} 个字符超出内嵌字体的字符范围，以“${MISSING_GLYPH_MARK}”标示；不可见的格式控制字符未予显示。完整准确的文本以同时导出的 DOCX 或 Markdown 文本为准。`,
      ],
      section,
    );
  }
  ts.close(section);
}

function notes(ts: Typesetter, texts: readonly string[], parent: StructNode | undefined): void {
  for (const text of texts) block(ts, "P", parent, [{ text, font: "regular" }], { ...APPENDIX, firstLineIndent: 0 });
}

/** Page furniture on every page, as artifacts: "— n —" under the type area, and a draft's header and watermark. */
export function furniture(ts: Typesetter, layout: AgreementLayout, fonts: Record<FontKey, LoadedFont>): void {
  const { doc } = ts;
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the bottom margin would otherwise open a new page
    ts.artifact(() =>
      doc
        .font("regular")
        .fontSize(SIZE.pageNumber)
        .fillColor("black")
        .text(`— ${i - range.start + 1} —`, MARGINS.left, doc.page.height - MARGINS.bottom + PAGE_SPEC.pageNumberBelowTypeArea, {
          width,
          align: "center",
          lineBreak: false,
        }),
    );
    if (layout.isDraft) {
      ts.artifact(() =>
        doc
          .font("bold")
          .fontSize(SIZE.header)
          .fillColor("#C00000")
          .text(pdfDrawableText(layout.draftHeader, fonts.bold.covers).text, MARGINS.left, PAGE_SPEC.headerFromTop, {
            width,
            align: "right",
            lineBreak: false,
          }),
      );
      ts.artifact(() => drawWatermark(doc, layout.statusLabel));
    }
    doc.page.margins.bottom = savedBottom;
  }
}

/** What drawWatermark needs of the fontkit font behind a pdfkit font. */
interface OutlineFont {
  unitsPerEm: number;
  layout(text: string): { glyphs: Array<{ path: { toSVG(): string } }>; positions: Array<{ xAdvance: number }> };
}

function outlineFontOf(doc: PDFKit.PDFDocument): OutlineFont | undefined {
  // pdfkit keeps the fontkit font of the current font at `_font.font`; not public API, so checked.
  const candidate = (doc as unknown as { _font?: { font?: Partial<OutlineFont> } })._font?.font;
  return candidate && typeof candidate.layout === "function" && typeof candidate.unitsPerEm === "number"
    ? (candidate as OutlineFont)
    : undefined;
}

/**
 * The diagonal 草案 across a draft page, drawn as glyph outlines rather than text: as text, PDF
 * readers extract it into the middle of whatever clause it crosses (poppler ignores Artifact
 * marking), so copying a clause out of a draft would pick up 草 and 案. Without access to the
 * outlines the page keeps its header mark only.
 */
function drawWatermark(doc: PDFKit.PDFDocument, text: string): void {
  doc.font("bold");
  const font = outlineFontOf(doc);
  if (!font) return;
  const run = font.layout(text);
  const scale = SIZE.watermark / font.unitsPerEm;
  const width = run.positions.reduce((sum, p) => sum + p.xAdvance, 0) * scale;
  doc.save();
  doc.translate(doc.page.width / 2, doc.page.height / 2).rotate(-45);
  doc.translate(-width / 2, SIZE.watermark * 0.35).scale(scale, -scale);
  let pen = 0;
  run.glyphs.forEach((glyph, i) => {
    doc.save();
    doc.translate(pen, 0);
    doc.path(glyph.path.toSVG()).fillColor("#A0A0A0").fillOpacity(0.3).fill();
    doc.restore();
    pen += run.positions[i]!.xAdvance;
  });
  doc.restore();
  doc.fillColor("black").fillOpacity(1);
}
