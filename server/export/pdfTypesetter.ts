/**
 * Sets paragraphs on the PDF page the way the agreement's sections need them: lines broken here
 * (./agreementLineBreak, 避头尾), justified as a printed Chinese document is, pages broken between
 * lines, and — in a tagged PDF — every piece of text marked as content of its structure element
 * (heading, paragraph, table cell) while page furniture is marked as an artifact.
 *
 * Reading order. Poppler's pdftotext (what Linux desktops, search indexers and many filing systems
 * use) finds words geometrically and treats a gap of one em or more between two words on a line as
 * a column gutter (TextOutputDev's minColSpacing2 = 1.0 font size; a space character is not text to
 * it, only a gap). "第二十二条　每周休息　乙方…" set with full-width spaces (1 em, plus the
 * justification spacing) left two such gaps on the first line of every article; as every label
 * 第N条 has the same width, the gutters lined up down the page and pdftotext read the titles and
 * first lines of neighbouring articles as columns, interleaving them. So an ideographic space is
 * set 7/8 em wide here (`IDEOGRAPHIC_SPACE_EM`), and justification never widens it: each printed
 * line stays one block to every reader. The eye does not see the 2 pt.
 */
import PDFDocument from "pdfkit";
import { breakLines, type BreakableChar, type BrokenLine } from "./agreementLineBreak";
import { PAGE_SPEC, TYPE_AREA_WIDTH } from "./pageSpec";
import { pdfDrawableText, type FontKey, type LoadedFont } from "./pdfFonts";

export const IDEOGRAPHIC_SPACE = "\u3000";
/** The advance of U+3000 in the PDF, in em: under poppler's one-em column gutter (see above). */
export const IDEOGRAPHIC_SPACE_EM = 7 / 8;
/**
 * Justification never spreads characters by more than this fraction of the font size; beyond it
 * a line stays ragged. A quarter em keeps even a Latin space plus the spacing on both sides of it
 * well under one em.
 */
const MAX_JUSTIFY_SPACING_EM = 0.25;

/** Standard structure types (ISO 32000-1 §14.8.4) used by the agreement. */
export type StructType = "Document" | "Sect" | "H1" | "H2" | "H3" | "P" | "Table" | "TR" | "TH" | "TD";

/** A structure element of a tagged PDF; absent (undefined) when the PDF is not tagged. */
export interface StructNode {
  type: StructType;
  element: PDFKit.PDFStructureElement;
}

export interface Run {
  text: string;
  font: FontKey;
}

/** The runs of one paragraph that belong to one structure element (a 条's heading, its body …). */
export interface Part {
  node: StructNode | undefined;
  runs: Run[];
}

export interface ParagraphStyle {
  size: number;
  /** Distance from one baseline to the next, in points. */
  pitch: number;
  firstLineIndent?: number;
  /** Extra left indent of every line. */
  left?: number;
  align?: "justify" | "left" | "center" | "right";
  color?: string;
}

interface CharStyle {
  font: FontKey;
  node: StructNode | undefined;
}
type Char = BreakableChar<CharStyle>;

export interface TypesetterOptions {
  tagged: boolean;
  fonts: Record<FontKey, LoadedFont>;
}

export type Typesetter = ReturnType<typeof createTypesetter>;

/** The typesetter of one document: owns the pdfkit document's cursor (doc.y) and its structure tree. */
export function createTypesetter(doc: PDFKit.PDFDocument, options: TypesetterOptions) {
  const { margins } = PAGE_SPEC;
  const pageBottom = () => doc.page.height - margins.bottom;
  let missingGlyphs = 0;

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

  /** The pieces a line is drawn in: same-font stretches, each ideographic space a piece of its own. */
  const pieces = (chars: readonly Char[]) => {
    const out: { chars: Char[]; space: boolean }[] = [];
    for (const c of chars) {
      const space = c.ch === IDEOGRAPHIC_SPACE;
      const last = out[out.length - 1];
      if (last && !space && !last.space && last.chars[0]!.style === c.style) last.chars.push(c);
      else out.push({ chars: [c], space });
    }
    return out;
  };
  const textOf = (chars: readonly Char[]) => chars.map((c) => c.ch).join("");
  /** Width of a run of characters in mixed fonts: each same-font stretch measured whole. */
  const measure = (run: readonly Char[], size: number) => {
    let width = 0;
    for (const piece of pieces(run)) {
      width += piece.space ? IDEOGRAPHIC_SPACE_EM * size : widthAt1pt(textOf(piece.chars), piece.chars[0]!.style.font) * size;
    }
    return width;
  };

  /** Splits a paragraph into lines; counts the characters the font cannot draw when `count` is set. */
  const lay = (parts: readonly Part[], style: ParagraphStyle, count: boolean): BrokenLine<CharStyle>[] => {
    const chars: Char[] = [];
    for (const part of parts) {
      for (const run of part.runs) {
        const charStyle: CharStyle = { font: run.font, node: part.node };
        const drawable = pdfDrawableText(run.text.replace(/\r\n|\r|\n/g, " "), options.fonts[run.font].covers);
        if (count) missingGlyphs += drawable.missing;
        for (const ch of drawable.text) chars.push({ ch, style: charStyle });
      }
    }
    return breakLines(chars, (run) => measure(run, style.size), {
      width: TYPE_AREA_WIDTH - (style.left ?? 0),
      firstLineIndent: style.firstLineIndent ?? 0,
    });
  };

  /** Runs `draw` as marked content of `node` (nothing to mark in an untagged PDF). */
  const marked = (node: StructNode | undefined, draw: () => void) => {
    if (!options.tagged || !node) return draw();
    node.element.add(doc.markStructureContent(node.type));
    draw();
    doc.endMarkedContent();
  };

  const drawLine = (line: BrokenLine<CharStyle>, index: number, style: ParagraphStyle) => {
    const align = style.align ?? "justify";
    const indent = (style.left ?? 0) + (index === 0 ? (style.firstLineIndent ?? 0) : 0);
    let visible = line.chars.length;
    while (visible > 0 && line.chars[visible - 1]!.ch === " ") visible--;
    const drawn = pieces(line.chars.slice(0, visible));
    // Justification spreads the slack over the gaps between characters, never into an ideographic space.
    let gaps = 0;
    drawn.forEach((piece, i) => {
      if (piece.space) return;
      gaps += piece.chars.length - 1;
      if (drawn[i + 1] && !drawn[i + 1]!.space) gaps++;
    });
    const slack = line.available - measure(line.chars.slice(0, visible), style.size);
    let x = margins.left + indent;
    let spacing = 0;
    if (slack < 0 && gaps > 0) {
      spacing = slack / gaps; // a rounding overshoot: tighten rather than cross the margin
    } else if (align === "center") x += slack / 2;
    else if (align === "right") x += slack;
    else if (align === "justify" && !line.last && gaps > 0 && slack > 0) {
      spacing = slack / gaps;
      if (spacing > MAX_JUSTIFY_SPACING_EM * style.size) spacing = 0;
    }
    // Vertically centre the glyphs in the pitch, as Word does with an exact line spacing.
    const y = doc.y + (style.pitch - style.size * 1.2) / 2;
    drawn.forEach((piece, i) => {
      const { font, node } = piece.chars[0]!.style;
      const text = textOf(piece.chars);
      if (piece.space) {
        // Drawn (so that copying the line keeps its spaces), squeezed to 7/8 em by horizontal scaling.
        marked(node, () => {
          doc.font(font).fontSize(style.size);
          // pdfkit 0.20 supports horizontalScaling (Tz); @types/pdfkit does not list it yet.
          doc.text(text, x, y, { lineBreak: false, horizontalScaling: IDEOGRAPHIC_SPACE_EM * 100 } as PDFKit.Mixins.TextOptions);
        });
        x += IDEOGRAPHIC_SPACE_EM * style.size * piece.chars.length;
        return;
      }
      marked(node, () => {
        doc.font(font).fontSize(style.size).fillColor(style.color ?? "black");
        doc.text(text, x, y, { lineBreak: false, characterSpacing: spacing });
      });
      x += widthAt1pt(text, font) * style.size + spacing * (piece.chars.length - 1);
      if (drawn[i + 1] && !drawn[i + 1]!.space) x += spacing;
    });
  };

  const newPage = () => {
    doc.addPage();
    doc.y = margins.top;
  };

  return {
    doc,
    tagged: options.tagged,
    get missingGlyphs() {
      return missingGlyphs;
    },
    pageBottom,

    /** A structure element under `parent` (the document's root when none); undefined when untagged. */
    open(type: StructType, parent?: StructNode): StructNode | undefined {
      if (!options.tagged) return undefined;
      const element = doc.struct(type);
      if (parent) parent.element.add(element);
      else doc.addStructure(element);
      return { type, element };
    },
    close(...nodes: (StructNode | undefined)[]) {
      for (const node of nodes) node?.element.end();
    },

    /** Sets one paragraph line by line, breaking pages between lines. */
    paragraph(parts: readonly Part[], style: ParagraphStyle) {
      lay(parts, style, true).forEach((line, index) => {
        if (doc.y + style.pitch > pageBottom() + 1e-6) newPage();
        const top = doc.y; // pdfkit's text() moves doc.y by its own line height
        drawLine(line, index, style);
        doc.y = top + style.pitch;
      });
    },

    /** The height a paragraph will take, to keep headings and signature blocks with what follows. */
    heightOf(parts: readonly Part[], style: ParagraphStyle) {
      return lay(parts, style, false).length * style.pitch;
    },

    /** Starts a new page unless `height` points still fit on this one. */
    keepTogether(height: number) {
      if (doc.y + height > pageBottom() && doc.y > margins.top + 1) newPage();
    },

    newPage,

    /** Page furniture (page numbers, the draft header, the watermark): an artifact, outside the structure tree. */
    artifact(draw: () => void) {
      if (!options.tagged) return draw();
      doc.markContent("Artifact", { type: "Pagination" });
      draw();
      doc.endMarkedContent();
    },
  };
}

/** A fresh pdfkit document for the agreement page: A4 with the GB/T 9704 margins, pages buffered for the furniture pass. */
export function agreementDocument(options: {
  tagged: boolean;
  pdfA: boolean;
  info: PDFKit.DocumentInfo;
}): PDFKit.PDFDocument {
  return new PDFDocument({
    size: [PAGE_SPEC.paper.width, PAGE_SPEC.paper.height],
    margins: PAGE_SPEC.margins,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: "1.7",
    lang: "zh-CN",
    displayTitle: true,
    tagged: options.tagged,
    ...(options.pdfA ? { subset: "PDF/A-2b" as const } : {}),
    info: options.info,
  });
}
