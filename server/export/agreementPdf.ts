/**
 * The agreement as a PDF, laid out like the DOCX (A4, margins 3.7 / 3.5 / 2.8 / 2.6 cm, 三号 body on
 * a 29 pt pitch, 第一章 / 第一条, page numbers "— 1 —"), with Noto Serif SC embedded as a subset.
 *
 * The font comes from the npm package @expo-google-fonts/noto-serif-sc (OFL): static TrueType
 * (glyf) instances of Noto Serif SC, 400 and 700 used here. Subsetting is the known trap with CJK
 * fonts in JS PDF libraries: fontkit forks older than 1.8/1.9 (still inside pdf-lib) write short
 * `loca` tables that blank out glyphs and corrupt CID-keyed CFF fonts (Noto Sans CJK .otf)
 * outright. pdfkit 0.20 uses fontkit 2, which has both fixes, and the tests read back the glyph
 * tables of the embedded subsets. No system font and no browser is needed.
 *
 * Lines are broken here (./agreementLineBreak), not by pdfkit's wrapper, and justified as a
 * printed Chinese document is.
 *
 * Characters the font cannot draw are handled here, not left to the font's .notdef box: invisible
 * format characters (bidi overrides, zero-width spaces) are dropped — pdfkit applies no bidi
 * algorithm, so the PDF shows the stored order anyway — and visible characters outside the font
 * (CJK Extension B such as 𠀀, emoji) are printed as 〓, the typesetter's mark for a missing
 * character, with a note in the appendix that the DOCX and Markdown exports hold the exact text.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { buildAgreementLayout, type LayoutField } from "./agreementLayout";
import { breakLines, type BreakableChar } from "./agreementLineBreak";
import type { AgreementExport } from "./exportModel";

const require = createRequire(import.meta.url);

export const PDF_FONT_FILES = {
  regular: "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
  bold: "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf",
} as const;
type FontKey = keyof typeof PDF_FONT_FILES;

/** The typesetter's mark (U+3013 GETA MARK) printed where the font has no glyph. */
export const MISSING_GLYPH_MARK = "〓";

const CM = 72 / 2.54;
const MARGINS = { top: 3.7 * CM, bottom: 3.5 * CM, left: 2.8 * CM, right: 2.6 * CM };
/** Sizes in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5. */
const SIZE = { title: 22, body: 16, appendix: 14, hash: 10.5, pageNumber: 14, header: 12, watermark: 110 } as const;
/** GB/T 9704: 22 lines in the 225 mm type area. */
const LINE_PITCH = 29;
const INDENT_2_CHARS = 2 * SIZE.body;
const FULL_WIDTH_SPACE = "\u3000";

interface LoadedFont {
  data: Buffer;
  covers: (codePoint: number) => boolean;
}
const loadedFonts = new Map<FontKey, LoadedFont>();

/** Reads a font of the package once per process (15 MB each; the PDF embeds only the glyphs used). */
function loadFont(key: FontKey): LoadedFont {
  let font = loadedFonts.get(key);
  if (!font) {
    const data = readFileSync(require.resolve(PDF_FONT_FILES[key]));
    font = { data, covers: cmapCoverage(data) };
    loadedFonts.set(key, font);
  }
  return font;
}

/**
 * Which code points a TrueType font maps to a glyph, read from its cmap (format 12, else format 4).
 * Enough of the OpenType spec to know what the font can draw before fontkit silently draws .notdef.
 */
export function cmapCoverage(font: Buffer): (codePoint: number) => boolean {
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    if (font.toString("latin1", record, record + 4) === "cmap") cmap = font.readUInt32BE(record + 8);
  }
  if (cmap < 0) throw new Error("字体缺少 cmap 表,无法用于导出");
  const ranges: Array<[number, number]> = [];
  const subtables = font.readUInt16BE(cmap + 2);
  let format4 = -1;
  for (let i = 0; i < subtables; i++) {
    const platform = font.readUInt16BE(cmap + 4 + 8 * i);
    const encoding = font.readUInt16BE(cmap + 6 + 8 * i);
    const offset = cmap + font.readUInt32BE(cmap + 8 + 8 * i);
    const format = font.readUInt16BE(offset);
    if (format === 12 && ranges.length === 0) {
      const groups = font.readUInt32BE(offset + 12);
      for (let g = 0; g < groups; g++) {
        ranges.push([font.readUInt32BE(offset + 16 + 12 * g), font.readUInt32BE(offset + 20 + 12 * g)]);
      }
    } else if (format === 4 && (platform === 3 || platform === 0) && encoding !== 0) {
      format4 = offset;
    }
  }
  if (ranges.length === 0 && format4 >= 0) {
    const segments = font.readUInt16BE(format4 + 6) / 2;
    for (let s = 0; s < segments; s++) {
      const end = font.readUInt16BE(format4 + 14 + 2 * s);
      const start = font.readUInt16BE(format4 + 16 + 2 * segments + 2 * s);
      if (start !== 0xffff) ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return (codePoint) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = ranges[mid]!;
      if (codePoint < start) hi = mid - 1;
      else if (codePoint > end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** Invisible characters: controls, format characters (U+200B, U+202E, U+FEFF …), variation selectors. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

/** The text as the PDF can draw it, and how many characters had to be marked 〓. */
export function pdfDrawableText(text: string, covers: (codePoint: number) => boolean): { text: string; missing: number } {
  let out = "";
  let missing = 0;
  for (const ch of text) {
    if (ch === "\n") out += ch;
    else if (ch === "\t") out += " ";
    else if (INVISIBLE.test(ch)) continue;
    else if (covers(ch.codePointAt(0)!)) out += ch;
    else {
      out += MISSING_GLYPH_MARK;
      missing++;
    }
  }
  return { text: out, missing };
}

interface Segment {
  text: string;
  font: FontKey;
}

interface ParagraphStyle {
  size: number;
  /** Distance from one baseline to the next, in points. */
  pitch: number;
  firstLineIndent?: number;
  /** Extra left indent of every line. */
  left?: number;
  align?: "justify" | "left" | "center" | "right";
  color?: string;
}

/** Justification never spreads characters by more than this fraction of the font size; beyond it a line stays ragged. */
const MAX_JUSTIFY_SPACING_EM = 0.5;

export async function buildAgreementPdf(model: AgreementExport): Promise<Buffer> {
  const layout = buildAgreementLayout(model);
  const fonts = { regular: loadFont("regular"), bold: loadFont("bold") };
  let missingGlyphs = 0;

  const doc = new PDFDocument({
    size: "A4",
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: "1.7",
    lang: "zh-CN",
    displayTitle: true,
    info: {
      Title: layout.title,
      Subject: `${model.negotiation.title}（${layout.statusLabel}）`,
      Author: `${model.negotiation.unionPartyName}；${model.negotiation.enterprisePartyName}`,
      Creator: "同商 Tongshang",
      Keywords: model.version ? `contentHash:${model.version.contentHash}` : "live draft",
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", fonts.regular.data);
  doc.registerFont("bold", fonts.bold.data);

  const contentWidth = doc.page.width - MARGINS.left - MARGINS.right;
  const pageBottom = () => doc.page.height - MARGINS.bottom;

  /** Width at 1 pt of a run in one font, as pdfkit will set it (fontkit layout is pdfkit's slow part). */
  const widthCache = new Map<string, number>();
  const widthAt1pt = (text: string, font: FontKey) => {
    const key = `${font}\u0000${text}`;
    let width = widthCache.get(key);
    if (width === undefined) {
      width = doc.font(font).fontSize(1).widthOfString(text);
      if (text.length <= 8) widthCache.set(key, width);
    }
    return width;
  };
  /** Width of a run of characters in mixed fonts: each same-font stretch measured whole. */
  const measureRun = (run: readonly BreakableChar<FontKey>[], size: number) => {
    let width = 0;
    let start = 0;
    while (start < run.length) {
      let end = start;
      while (end < run.length && run[end]!.style === run[start]!.style) end++;
      width += widthAt1pt(
        run
          .slice(start, end)
          .map((c) => c.ch)
          .join(""),
        run[start]!.style,
      );
      start = end;
    }
    return width * size;
  };

  /** Splits a paragraph into lines; counts the characters the font cannot draw when `count` is set. */
  const lay = (segments: Segment[], style: ParagraphStyle, count: boolean) => {
    const chars: BreakableChar<FontKey>[] = [];
    for (const segment of segments) {
      const drawable = pdfDrawableText(segment.text.replace(/\r\n|\r|\n/g, " "), fonts[segment.font].covers);
      if (count) missingGlyphs += drawable.missing;
      for (const ch of drawable.text) chars.push({ ch, style: segment.font });
    }
    return breakLines(chars, (run) => measureRun(run, style.size), {
      width: contentWidth - (style.left ?? 0),
      firstLineIndent: style.firstLineIndent ?? 0,
    });
  };

  /** The height a paragraph will take, to keep headings and signature blocks with what follows. */
  const heightOf = (segments: Segment[], style: ParagraphStyle) => lay(segments, style, false).length * style.pitch;
  /** Starts a new page unless `height` points still fit on this one. */
  const keepTogether = (height: number) => {
    if (doc.y + height > pageBottom() && doc.y > MARGINS.top + 1) {
      doc.addPage();
      doc.y = MARGINS.top;
    }
  };

  /** Sets one paragraph line by line, breaking pages between lines. */
  const paragraph = (segments: Segment[], style: ParagraphStyle) => {
    const lines = lay(segments, style, true);
    doc.fontSize(style.size);
    lines.forEach((line, index) => {
      if (doc.y + style.pitch > pageBottom() + 1e-6) {
        doc.addPage();
        doc.y = MARGINS.top;
      }
      const align = style.align ?? "justify";
      const indent = (style.left ?? 0) + (index === 0 ? (style.firstLineIndent ?? 0) : 0);
      let visible = line.chars.length;
      while (visible > 0 && line.chars[visible - 1]!.ch === " ") visible--;
      // The slack from the width as drawn (segments measured whole, as they are set below).
      const slack = line.available - measureRun(line.chars.slice(0, visible), style.size);
      let x = MARGINS.left + indent;
      let spacing = 0;
      if (slack < 0 && visible > 1) {
        spacing = slack / (visible - 1); // a rounding overshoot: tighten rather than cross the margin
      } else if (align === "center") x += slack / 2;
      else if (align === "right") x += slack;
      else if (align === "justify" && !line.last && visible > 1 && slack > 0) {
        spacing = slack / (visible - 1);
        if (spacing > MAX_JUSTIFY_SPACING_EM * style.size) spacing = 0;
      }
      const top = doc.y;
      // Vertically centre the glyphs in the pitch, as Word does with an exact line spacing.
      const y = top + (style.pitch - style.size * 1.2) / 2;
      let start = 0;
      while (start < line.chars.length) {
        const font = line.chars[start]!.style;
        let end = start;
        while (end < line.chars.length && line.chars[end]!.style === font) end++;
        const text = line.chars
          .slice(start, end)
          .map((c) => c.ch)
          .join("");
        doc.font(font).fontSize(style.size).fillColor(style.color ?? "black");
        doc.text(text, x, y, { lineBreak: false, characterSpacing: spacing });
        x += widthAt1pt(text, font) * style.size + spacing * Array.from(text).length;
        start = end;
      }
      doc.y = top + style.pitch;
    });
  };

  const body: ParagraphStyle = { size: SIZE.body, pitch: LINE_PITCH };
  const appendixPitch = Math.round((LINE_PITCH * SIZE.appendix) / SIZE.body);
  const appendix: ParagraphStyle = { size: SIZE.appendix, pitch: appendixPitch, left: 2 * SIZE.appendix };
  const title: ParagraphStyle = { size: SIZE.title, pitch: 36, align: "center" };

  // 标题
  doc.y = MARGINS.top;
  paragraph([{ text: layout.title, font: "bold" }], title);
  doc.y += LINE_PITCH / 3;
  for (const line of layout.subtitleLines) paragraph([{ text: line, font: "regular" }], { ...body, align: "center" });
  doc.y += LINE_PITCH / 2;

  // 正文
  for (const chapter of layout.chapters) {
    keepTogether(LINE_PITCH * 3.5);
    if (doc.y > MARGINS.top + 1) doc.y += LINE_PITCH / 2;
    paragraph([{ text: `${chapter.label}${FULL_WIDTH_SPACE}${chapter.title}`, font: "bold" }], { ...body, align: "center" });
    for (const article of chapter.articles) {
      const [firstLine = "", ...moreLines] = article.body.split(/\r\n|\r|\n/);
      paragraph(
        [
          { text: `${article.label}${FULL_WIDTH_SPACE}`, font: "bold" },
          ...(article.title ? [{ text: `${article.title}${FULL_WIDTH_SPACE}`, font: "bold" as const }] : []),
          { text: firstLine, font: "regular" },
        ],
        { ...body, firstLineIndent: INDENT_2_CHARS },
      );
      // A further line of a clause is a further 款: its own paragraph, indented like the first.
      for (const line of moreLines) paragraph([{ text: line, font: "regular" }], { ...body, firstLineIndent: INDENT_2_CHARS });
    }
  }

  /** 签署人：张三; a hash goes on its own line in a smaller size so it is never broken. */
  const field = (f: LayoutField, style: ParagraphStyle) => {
    if (f.mono) {
      paragraph([{ text: `${f.label}：`, font: "bold" }], { ...style, align: "left" });
      paragraph([{ text: f.value, font: "regular" }], { ...style, size: SIZE.hash, align: "left" });
    } else {
      paragraph(
        [
          { text: `${f.label}：`, font: "bold" },
          { text: f.value, font: "regular" },
        ],
        { ...style, align: "left" },
      );
    }
  };
  const fieldHeight = (f: LayoutField, style: ParagraphStyle) =>
    f.mono ? 2 * style.pitch : heightOf([{ text: `${f.label}：${f.value}`, font: "regular" }], style);

  // 落款
  doc.y += LINE_PITCH / 2;
  const signatory: ParagraphStyle = { ...body, left: INDENT_2_CHARS };
  for (const block of layout.signatureBlocks) {
    const lines = block.signatories.flat();
    keepTogether(LINE_PITCH * 1.5 + lines.reduce((sum, f) => sum + fieldHeight(f, signatory), 0));
    doc.y += LINE_PITCH / 2;
    paragraph(
      [
        { text: `${block.heading}：`, font: "bold" },
        { text: block.party, font: "regular" },
      ],
      { ...body, align: "left" },
    );
    for (const f of lines) field(f, signatory);
  }

  // 附件 签署记录, on a page of its own.
  doc.addPage();
  doc.y = MARGINS.top;
  const [appendixLabel = "", ...appendixTitle] = layout.appendix.title.split(" ");
  paragraph([{ text: appendixLabel, font: "bold" }], { ...body, align: "left" });
  paragraph([{ text: appendixTitle.join(" "), font: "bold" }], title);
  doc.y += LINE_PITCH / 3;
  const notes = (texts: string[]) => {
    for (const text of texts) paragraph([{ text, font: "regular" }], { ...appendix, firstLineIndent: 0 });
  };
  for (const section of layout.appendix.sections) {
    keepTogether(LINE_PITCH * 3);
    doc.y += LINE_PITCH / 4;
    paragraph([{ text: section.heading, font: "bold" }], { ...body, align: "left" });
    for (const group of section.groups) {
      const height = group.reduce((sum, f) => sum + fieldHeight(f, appendix), 0);
      keepTogether(Math.min(height, pageBottom() - MARGINS.top));
      for (const f of group) field(f, appendix);
      doc.y += SIZE.appendix / 2;
    }
    notes(section.notes);
  }
  if (missingGlyphs > 0) {
    doc.y += SIZE.appendix;
    // Counted before this note is set; the note itself uses only characters the font has.
    notes([
      `注：本 PDF 中有 ${missingGlyphs} 个字符超出内嵌字体的字符范围，以“${MISSING_GLYPH_MARK}”标示；不可见的格式控制字符未予显示。完整准确的文本以同时导出的 DOCX 或 Markdown 文本为准。`,
    ]);
  }

  // Page furniture on every page: "— n —" under the type area, and the draft marks.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing below the bottom margin would otherwise open a new page
    doc
      .font("regular")
      .fontSize(SIZE.pageNumber)
      .fillColor("black")
      .text(`— ${i - range.start + 1} —`, MARGINS.left, doc.page.height - MARGINS.bottom + 0.7 * CM, {
        width: contentWidth,
        align: "center",
        lineBreak: false,
      });
    if (layout.isDraft) {
      doc
        .font("bold")
        .fontSize(SIZE.header)
        .fillColor("#C00000")
        .text(pdfDrawableText(layout.draftHeader, fonts.bold.covers).text, MARGINS.left, 1.5 * CM, {
          width: contentWidth,
          align: "right",
          lineBreak: false,
        });
      drawWatermark(doc, layout.statusLabel);
    }
    doc.page.margins.bottom = savedBottom;
  }
  doc.flushPages();
  doc.end();
  return finished;
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
