/**
 * The agreement as a Word document laid out like a Chinese official document (GB/T 9704 党政机关公文格式):
 * A4, margins 3.7 / 3.5 / 2.8 / 2.6 cm, title in 方正小标宋简体 二号, body in 仿宋 三号 on a 29 pt
 * line pitch, chapter headings in 黑体, page numbers "— 1 —" in the footer.
 *
 * Every run names its fonts for all scripts (`w:rFonts` ascii / hAnsi / eastAsia) and asks for the
 * East Asian font for ambiguous characters such as “ ” (`w:hint="eastAsia"`): without it Word
 * and WPS draw Chinese quotation marks and digits in the Latin font. The font table is rewritten
 * so that a machine without 方正小标宋简体 falls back to 黑体, not to a Latin font.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
} from "docx";
import { TextWatermark } from "docx/watermarks";
import JSZip from "jszip";
import { buildAgreementLayout, neutralizeBidiControls, type LayoutField } from "./agreementLayout";
import type { AgreementExport } from "./exportModel";
import { PAGE_SPEC, toHalfPoints, toTwips } from "./pageSpec";

/** Typefaces of a Chinese official document, each with the Latin face used for digits and Latin letters. */
export const DOCX_FONTS = {
  title: { eastAsia: "方正小标宋简体", latin: "Times New Roman", altName: "黑体" },
  heading: { eastAsia: "黑体", latin: "Times New Roman", altName: "SimHei" },
  body: { eastAsia: "仿宋", latin: "Times New Roman", altName: "仿宋_GB2312" },
  subtitle: { eastAsia: "楷体", latin: "Times New Roman", altName: "楷体_GB2312" },
  pageNumber: { eastAsia: "宋体", latin: "宋体", altName: "SimSun" },
  mono: { eastAsia: "仿宋", latin: "Courier New", altName: "仿宋_GB2312" },
} as const;
type FontRole = keyof typeof DOCX_FONTS;

/** Sizes in half-points (Word's unit), from the page spec: 二号 22 pt → 44 … */
const SIZE = {
  title: toHalfPoints(PAGE_SPEC.size.title),
  body: toHalfPoints(PAGE_SPEC.size.body),
  appendix: toHalfPoints(PAGE_SPEC.size.appendix),
  hash: toHalfPoints(PAGE_SPEC.size.hash),
  pageNumber: toHalfPoints(PAGE_SPEC.size.pageNumber),
  header: toHalfPoints(PAGE_SPEC.size.header),
} as const;
/** Lengths in twips (Word reads twips everywhere; "3.7cm" strings are valid OOXML but not read by older Word). */
const LINE_PITCH_TWIPS = toTwips(PAGE_SPEC.linePitch);
const TITLE_LINE_TWIPS = toTwips(PAGE_SPEC.titlePitch);
const INDENT_2_CHARS_TWIPS = toTwips(PAGE_SPEC.indent);
const FULL_WIDTH_SPACE = "\u3000";

/**
 * XML 1.0 forbids C0 controls other than tab/newline/CR, lone surrogates, U+FFFE and U+FFFF; the
 * docx package writes them as they are, which makes the file unreadable. They are replaced with
 * U+FFFD so the reader sees that something was there. Everything else (bidi controls, zero-width
 * characters, astral characters) is kept: the document prints the text the parties signed, with
 * bidi controls made harmless by an invisible closing character each.
 */
const XML_INVALID = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export function xmlSafeText(text: string): string {
  return text.replace(XML_INVALID, "\uFFFD");
}

/** What a run prints: XML-safe, and bidi controls closed where they open (see neutralizeBidiControls). */
export function docxRunText(text: string): string {
  return neutralizeBidiControls(xmlSafeText(text));
}

interface RunStyle {
  font?: FontRole;
  size?: number;
  bold?: boolean;
  color?: string;
}

function run(text: string, style: RunStyle = {}): TextRun {
  const face = DOCX_FONTS[style.font ?? "body"];
  return new TextRun({
    text: docxRunText(text),
    font: { eastAsia: face.eastAsia, ascii: face.latin, hAnsi: face.latin, cs: face.latin, hint: "eastAsia" },
    size: style.size ?? SIZE.body,
    bold: style.bold,
    color: style.color,
    language: { eastAsia: "zh-CN", value: "zh-CN" },
  });
}

const bodySpacing = { line: LINE_PITCH_TWIPS, lineRule: LineRuleType.EXACT } as const;

function paragraph(options: IParagraphOptions): Paragraph {
  return new Paragraph({ spacing: bodySpacing, ...options });
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** 签署人：张三 — the label in 黑体, the value in 仿宋 (or a monospace face for hashes). */
function fieldParagraph(field: LayoutField, size: number, keepNext = false): Paragraph {
  return paragraph({
    keepNext,
    spacing: { line: Math.round((LINE_PITCH_TWIPS * size) / SIZE.body), lineRule: LineRuleType.AT_LEAST }, // the body's pitch-to-size proportion
    indent: { left: INDENT_2_CHARS_TWIPS },
    children: [
      run(`${field.label}：`, { font: "heading", size }),
      run(field.value, field.mono ? { font: "mono", size: SIZE.hash } : { font: "body", size }),
    ],
  });
}

/** The font table Word reads to substitute a missing face: charset 86 is GB2312 (Simplified Chinese). */
function fontTableEntries(): string {
  const seen = new Set<string>();
  return Object.values(DOCX_FONTS)
    .filter((face) => !seen.has(face.eastAsia) && seen.add(face.eastAsia))
    .map(
      (face) =>
        `<w:font w:name="${face.eastAsia}"><w:altName w:val="${face.altName}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
    )
    .join("");
}

async function withChineseFontTable(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file("word/fontTable.xml");
  if (!file) return docx;
  const xml = await file.async("string");
  const entries = fontTableEntries();
  const patched = xml.endsWith("/>")
    ? xml.replace(/<w:fonts([^>]*)\/>$/, `<w:fonts$1>${entries}</w:fonts>`)
    : xml.replace("</w:fonts>", `${entries}</w:fonts>`);
  zip.file("word/fontTable.xml", patched);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 } });
}

export async function buildAgreementDocx(model: AgreementExport): Promise<Buffer> {
  const layout = buildAgreementLayout(model);
  const children: Paragraph[] = [];

  // 标题 and the lines under it.
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: toTwips(PAGE_SPEC.space.afterTitle), line: TITLE_LINE_TWIPS, lineRule: LineRuleType.AT_LEAST },
      children: [run(layout.title, { font: "title", size: SIZE.title })],
    }),
  );
  for (const line of layout.subtitleLines) {
    children.push(paragraph({ alignment: AlignmentType.CENTER, children: [run(line, { font: "subtitle" })] }));
  }
  children.push(paragraph({ children: [run("")] }));

  // 正文: 第一章 总则 / 第一条 title body.
  for (const chapter of layout.chapters) {
    children.push(
      paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        spacing: { ...bodySpacing, before: toTwips(PAGE_SPEC.space.beforeChapter), after: 0 },
        children: [run(`${chapter.label}${FULL_WIDTH_SPACE}${chapter.title}`, { font: "heading" })],
      }),
    );
    for (const article of chapter.articles) {
      const [firstLine = "", ...moreLines] = splitLines(article.body);
      children.push(
        paragraph({
          indent: { firstLine: INDENT_2_CHARS_TWIPS },
          children: [
            run(article.label, { font: "heading", bold: true }),
            run(FULL_WIDTH_SPACE),
            ...(article.title ? [run(article.title, { bold: true }), run(FULL_WIDTH_SPACE)] : []),
            run(firstLine),
          ],
        }),
      );
      // A further line of a clause is a further 款: its own paragraph, indented like the first.
      for (const line of moreLines) {
        children.push(paragraph({ indent: { firstLine: INDENT_2_CHARS_TWIPS }, children: [run(line)] }));
      }
    }
  }

  // 落款: one block per side.
  children.push(paragraph({ children: [run("")] }));
  for (const block of layout.signatureBlocks) {
    children.push(
      paragraph({
        keepNext: true,
        spacing: { ...bodySpacing, before: toTwips(PAGE_SPEC.space.beforeSignatureBlock) },
        children: [run(`${block.heading}：`, { font: "heading" }), run(block.party)],
      }),
    );
    // A block stays on one page: every line but the last keeps with the next.
    const lines = block.signatories.flat();
    lines.forEach((field, index) => children.push(fieldParagraph(field, SIZE.body, index < lines.length - 1)));
  }

  // 附件 签署记录, on its own page.
  children.push(new Paragraph({ children: [new PageBreak()] }));
  const [appendixLabel, ...appendixTitle] = layout.appendix.title.split(" ");
  children.push(paragraph({ children: [run(appendixLabel ?? "", { font: "heading" })] }));
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: toTwips(PAGE_SPEC.space.afterTitle), after: toTwips(PAGE_SPEC.space.afterTitle), line: TITLE_LINE_TWIPS, lineRule: LineRuleType.AT_LEAST },
      children: [run(appendixTitle.join(" "), { font: "title", size: SIZE.title })],
    }),
  );
  for (const section of layout.appendix.sections) {
    children.push(
      paragraph({ keepNext: true, spacing: { ...bodySpacing, before: toTwips(PAGE_SPEC.space.beforeAppendixSection) }, children: [run(section.heading, { font: "heading" })] }),
    );
    section.groups.forEach((group, index) => {
      if (index > 0) children.push(paragraph({ spacing: { line: toTwips(PAGE_SPEC.space.betweenAppendixGroups), lineRule: LineRuleType.EXACT }, children: [run("", { size: SIZE.appendix })] }));
      group.forEach((field, fieldIndex) => children.push(fieldParagraph(field, SIZE.appendix, fieldIndex < group.length - 1)));
    });
    for (const note of section.notes) {
      children.push(paragraph({ indent: { firstLine: INDENT_2_CHARS_TWIPS }, children: [run(note, { size: SIZE.appendix })] }));
    }
  }

  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ["— ", PageNumber.CURRENT, " —"],
            font: {
              eastAsia: DOCX_FONTS.pageNumber.eastAsia,
              ascii: DOCX_FONTS.pageNumber.latin,
              hAnsi: DOCX_FONTS.pageNumber.latin,
              cs: DOCX_FONTS.pageNumber.latin,
              hint: "eastAsia",
            },
            size: SIZE.pageNumber,
          }),
        ],
      }),
    ],
  });
  const header = layout.isDraft
    ? new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [
              new TextWatermark({ text: layout.statusLabel, font: DOCX_FONTS.heading.eastAsia, color: "C0C0C0", opacity: 0.35 }),
              run(layout.draftHeader, { font: "heading", size: SIZE.header, color: "C00000" }),
            ],
          }),
        ],
      })
    : undefined;

  const defaultFont = DOCX_FONTS.body;
  const document = new Document({
    title: layout.title,
    subject: `${model.negotiation.title}(${layout.statusLabel})`,
    creator: "同商 Tongshang",
    description: model.version ? `版本 ${model.version.label},内容哈希 ${model.version.contentHash}` : "实时草稿",
    styles: {
      default: {
        document: {
          run: {
            font: { eastAsia: defaultFont.eastAsia, ascii: defaultFont.latin, hAnsi: defaultFont.latin, hint: "eastAsia" },
            size: SIZE.body,
            language: { eastAsia: "zh-CN", value: "zh-CN" },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: toTwips(PAGE_SPEC.paper.width), height: toTwips(PAGE_SPEC.paper.height) },
            margin: {
              top: toTwips(PAGE_SPEC.margins.top),
              bottom: toTwips(PAGE_SPEC.margins.bottom),
              left: toTwips(PAGE_SPEC.margins.left),
              right: toTwips(PAGE_SPEC.margins.right),
              header: toTwips(PAGE_SPEC.headerFromTop),
              footer: toTwips(PAGE_SPEC.footerFromBottom),
            },
          },
        },
        headers: header ? { default: header } : undefined,
        footers: { default: footer },
        children,
      },
    ],
  });
  return withChineseFontTable(await Packer.toBuffer(document));
}

