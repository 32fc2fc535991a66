import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  InsertedTextRun,
  Packer,
  Paragraph,
  TextRun,
  type ICommentOptions,
  type IFontAttributesProperties,
  type ParagraphChild,
} from "docx";
import { articleLabel } from "~/shared/numbering";
import { TOPIC_LABELS } from "~/shared/topics";
import type { AgreementComparison, ClauseComparison } from "~/shared/diff/compareAgreements";
import type { DiffPart } from "~/shared/diff/textDiff";

/**
 * The comparison of two versions as a Word document with real tracked changes (修订): what the
 * other side of the table opens in Word or WPS, reviews change by change, and accepts or rejects.
 * Every insertion and deletion is a w:ins / w:del revision carrying the author who saved the
 * newer version and its date; moved clauses and topic changes, which Word cannot track as text,
 * are Word comments (批注) on the clause heading.
 */

export interface RedlineOptions {
  /** Label of the older version, e.g. "工会方首轮提案". */
  fromLabel: string;
  /** Label of the newer version, e.g. "平台方回应稿". */
  toLabel: string;
  /** Who saved the newer version (a side or a person): the author of every revision. */
  author: string;
  /** When the newer version was saved (a Date or an ISO 8601 string): the date of every revision. */
  date: Date | string;
  agreementTitle: string;
  /** Notes on clauses of the newer text, e.g. its checks against the legal floors (issue 13): a comment on the clause heading. */
  clauseNotes?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Fonts set on every run, East Asian ones explicitly: without `eastAsia`, Word renders Chinese
 * in whatever its default East Asian theme font is (often 等线), not the 仿宋/黑体 that Chinese
 * official documents use (GB/T 9704).
 */
export const REDLINE_FONTS = {
  title: { eastAsia: "宋体", ascii: "Times New Roman", hAnsi: "Times New Roman", cs: "Times New Roman" },
  heading: { eastAsia: "黑体", ascii: "Arial", hAnsi: "Arial", cs: "Arial" },
  body: { eastAsia: "仿宋", ascii: "Times New Roman", hAnsi: "Times New Roman", cs: "Times New Roman" },
} as const satisfies Record<string, IFontAttributesProperties>;

/** Sizes in half-points, as Word stores them: 二号 22pt for the title, 四号 14pt for text. */
export const REDLINE_SIZES = { title: 44, heading: 28, body: 28, note: 21 } as const;

type RunStyle = { font: IFontAttributesProperties; size: number; bold?: boolean };
const TITLE: RunStyle = { font: REDLINE_FONTS.title, size: REDLINE_SIZES.title, bold: true };
const HEADING: RunStyle = { font: REDLINE_FONTS.heading, size: REDLINE_SIZES.heading };
const BODY: RunStyle = { font: REDLINE_FONTS.body, size: REDLINE_SIZES.body };
const NOTE: RunStyle = { font: REDLINE_FONTS.body, size: REDLINE_SIZES.note };

/** Full-width space between 第X条 and the clause title, as agreements print it. */
const HEADING_GAP = "\u3000";

export async function buildRedlineDocx(comparison: AgreementComparison, options: RedlineOptions): Promise<Buffer> {
  const revisions = new RevisionWriter(options.author, options.date);
  const clauseParagraphs = comparison.clauses.flatMap((clause) => clauseRedline(clause, revisions, options.clauseNotes?.get(clause.id) ?? []));

  const document = new Document({
    creator: options.author,
    title: `${options.agreementTitle}（修订对照）`,
    // Edits the reader makes are tracked too, so the redline can go back across the table.
    features: { trackRevisions: true },
    comments: { children: revisions.comments },
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: options.agreementTitle, ...TITLE })] }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 240 },
            children: [new TextRun({ text: `修订对照：${options.fromLabel} → ${options.toLabel}`, ...NOTE })],
          }),
          ...clauseParagraphs,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** A clause as a heading (第X条 + title) and a body paragraph. */
function clauseRedline(clause: ClauseComparison, revisions: RevisionWriter, extraNotes: readonly string[]): Paragraph[] {
  const added = clause.changes.includes("added");
  const deleted = clause.changes.includes("deleted");
  // A wholly added or deleted clause also has its paragraph marks tracked, so accepting the
  // change leaves no empty paragraph behind.
  const paragraphMark = () => (added ? { insertion: revisions.next() } : deleted ? { deletion: revisions.next() } : undefined);

  // The newer numbering is the reference; renumbering is not a change. A deleted clause keeps its old number.
  const number = clause.articleNumber.after ?? clause.articleNumber.before;
  const label = number === null ? "" : articleLabel(number) + HEADING_GAP;
  const labelRun = added ? revisions.inserted(label, HEADING) : deleted ? revisions.deleted(label, HEADING) : plain(label, HEADING);

  const notes = [...clauseNotes(clause), ...extraNotes];
  const heading: ParagraphChild[] = [labelRun, ...partRuns(clause.parts.title, HEADING, revisions)];
  const commented = notes.length > 0 ? revisions.comment(heading, notes) : heading;

  return [
    new Paragraph({ spacing: { before: 240 }, keepNext: true, run: paragraphMark(), children: commented }),
    new Paragraph({
      indent: { firstLine: REDLINE_SIZES.body * 20 }, // two characters, in twentieths of a point
      run: paragraphMark(),
      children: partRuns(clause.parts.body, BODY, revisions),
    }),
  ];
}

/** What Word cannot show as tracked text: a move and a change of topic. */
function clauseNotes(clause: ClauseComparison): string[] {
  const notes: string[] = [];
  const { before } = clause.articleNumber;
  if (clause.changes.includes("moved") && before !== null) notes.push(`本条位置已调整（原${articleLabel(before)}）。`);
  if (clause.changes.includes("topic") && clause.beforeTopic) {
    notes.push(`本条所属事项由“${TOPIC_LABELS[clause.beforeTopic].zh}”改为“${TOPIC_LABELS[clause.topic].zh}”。`);
  }
  return notes;
}

function partRuns(parts: DiffPart[], style: RunStyle, revisions: RevisionWriter): ParagraphChild[] {
  return parts.map((part) =>
    part.kind === "insert"
      ? revisions.inserted(part.text, style)
      : part.kind === "delete"
        ? revisions.deleted(part.text, style)
        : plain(part.text, style),
  );
}

function plain(text: string, style: RunStyle): TextRun {
  return new TextRun({ text, ...style });
}

/**
 * Hands out revision and comment ids (each must be unique in the document) and stamps every
 * revision with the same author and date.
 */
class RevisionWriter {
  readonly comments: ICommentOptions[] = [];
  private revisionId = 0;
  private readonly isoDate: string;

  constructor(
    private readonly author: string,
    date: Date | string,
  ) {
    const parsed = new Date(date);
    if (Number.isNaN(parsed.getTime())) throw new RangeError(`buildRedlineDocx: invalid revision date ${String(date)}`);
    // Word writes revision dates without milliseconds.
    this.isoDate = parsed.toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  next() {
    return { id: ++this.revisionId, author: this.author, date: this.isoDate };
  }

  inserted(text: string, style: RunStyle): InsertedTextRun {
    return new InsertedTextRun({ text, ...style, ...this.next() });
  }

  deleted(text: string, style: RunStyle): DeletedTextRun {
    return new DeletedTextRun({ text, ...style, ...this.next() });
  }

  /** Wraps runs in a comment holding one paragraph per note. */
  comment(children: ParagraphChild[], notes: string[]): ParagraphChild[] {
    const id = this.comments.length;
    this.comments.push({
      id,
      author: this.author,
      date: new Date(this.isoDate),
      children: notes.map((note) => new Paragraph({ children: [new TextRun({ text: note, ...NOTE })] })),
    });
    return [new CommentRangeStart(id), ...children, new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)], ...NOTE })];
  }
}
