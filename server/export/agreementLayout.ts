/**
 * What an exported agreement says, in order, independent of the file format.
 *
 * DOCX, PDF and Markdown are three renderings of this one layout, so they can never disagree on
 * numbering, on what the signature block holds or on the arithmetic of the ratification vote.
 * Pure: no I/O, no library.
 */
import { numberAgreement, toChineseNumeral } from "~/shared/numbering";
import { STATUTORY_RULES, type FractionRule, type StatutoryRules } from "~/shared/rules/config";
import { requiredCount } from "~/shared/rules/ratification";
import {
  agreementTitleWithoutDraftMark,
  chineseDate,
  chineseDateTime,
  type AgreementExport,
  type RatificationRecord,
  type RepresentativeSide,
  type SignatureSide,
} from "./exportModel";

/** A labelled line: 签署人:张三. */
export interface LayoutField {
  label: string;
  value: string;
  /** A hash or other machine string, printed in a monospace face so it can be compared by eye. */
  mono?: boolean;
}

export interface LayoutArticle {
  clauseId: string;
  /** 第一条 */
  label: string;
  title: string;
  body: string;
}

export interface LayoutChapter {
  /** 第一章 */
  label: string;
  /** 总则 */
  title: string;
  articles: LayoutArticle[];
}

/** One side's block at the foot of the agreement (落款). */
export interface LayoutSignatureBlock {
  /** 甲方(工会方) */
  heading: string;
  /** The party's name as it appears in the agreement. */
  party: string;
  /** One group of lines per signatory; blank lines to sign by hand when nobody has signed yet. */
  signatories: LayoutField[][];
}

export interface LayoutAppendixSection {
  heading: string;
  /** Groups of fields (one group per signature, per representative …). */
  groups: LayoutField[][];
  /** Sentences printed after the groups. */
  notes: string[];
}

export interface AgreementLayout {
  /** The title without its (草案) mark. */
  title: string;
  isDraft: boolean;
  /** 草案 or 已签署, printed under the title and (for a draft) in every page header. */
  statusLabel: string;
  /** Header text on every page of a draft, empty for a signed agreement. */
  draftHeader: string;
  /** Lines under the title: scope, parties, version. */
  subtitleLines: string[];
  chapters: LayoutChapter[];
  signatureBlocks: LayoutSignatureBlock[];
  appendix: { title: string; sections: LayoutAppendixSection[] };
}

/**
 * Bidirectional-text controls that change the order in which following text is DISPLAYED, each
 * with the character that ends its effect. A clause whose stored text holds "\u202E05\u202C元"
 * displays "50元" in Word: the signed hash covers one text while readers see another (the
 * "Trojan Source" trick, CVE-2021-42574), and an unclosed override in a title reverses the whole
 * body after it. Chinese agreements need none of these.
 */
const BIDI_CONTROL_CLOSERS: Readonly<Record<string, string>> = {
  "\u202A": "\u202C", // LRE → PDF
  "\u202B": "\u202C", // RLE → PDF
  "\u202D": "\u202C", // LRO → PDF
  "\u202E": "\u202C", // RLO → PDF
  "\u2066": "\u2069", // LRI → PDI
  "\u2067": "\u2069", // RLI → PDI
  "\u2068": "\u2069", // FSI → PDI
  "\u200F": "\u200E", // RLM: an LRM after it stops it reordering the digits and spaces that follow
  "\u061C": "\u200E", // ALM: likewise
};
const BIDI_CONTROL = /[\u202A\u202B\u202D\u202E\u2066-\u2068\u200F\u061C]/gu;

/**
 * Keeps every character and closes each bidi control right where it opens, so it can no longer
 * reorder what follows: the text displays in its stored (logical) order, as the PDF prints it.
 * Only invisible closing characters are added.
 */
export function neutralizeBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, (control) => control + BIDI_CONTROL_CLOSERS[control]!);
}

/** The invisible format characters (Unicode category Cf: bidi controls, zero-width spaces, BOM …) in a text, as U+XXXX. */
export function invisibleFormatCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\p{Cf}/gu)) {
    found.add(`U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return [...found].sort();
}

export const DRAFT_HEADER = "草案 · 协商中文本，未经签署，不具效力";

const SIDE_HEADING: Record<SignatureSide, string> = {
  union: "甲方（工会方）",
  enterprise: "乙方（企业方）",
  participant: "参与方（上级工会）",
};
const REPRESENTATIVE_SIDE_HEADING: Record<RepresentativeSide, string> = {
  union: "甲方（工会方）协商代表",
  enterprise: "乙方（企业方）协商代表",
};

function percent(part: number, whole: number): string {
  if (whole <= 0) return "—";
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** "三分之二以上" / "超过半数", as the rule reads. */
function fractionWords(rule: FractionRule): string {
  const { numerator, denominator } = rule.fraction;
  const base = numerator * 2 === denominator ? "半数" : `${toChineseNumeral(denominator)}分之${toChineseNumeral(numerator)}`;
  return rule.inclusive ? `${base}以上` : `超过${base}`;
}

/**
 * The vote with its arithmetic, so a reader can check the verdict by hand. The thresholds come
 * from shared/rules (集体合同规定第三十六条, configurable there); the verdict printed is the one
 * the model carries.
 */
export function ratificationFields(
  r: RatificationRecord,
  rules: StatutoryRules = STATUTORY_RULES,
): { fields: LayoutField[]; notes: string[] } {
  const attendanceRule = rules.RATIFICATION_ATTENDANCE;
  const approvalRule = rules.RATIFICATION_APPROVAL;
  const quorum = requiredCount(r.total, attendanceRule);
  const majority = requiredCount(r.total, approvalRule);
  const cast = r.approved + r.against + r.abstained;
  const notVoting = r.attended - cast;
  const fractionOfTotal = (rule: FractionRule) => `${r.total}×${rule.fraction.numerator}/${rule.fraction.denominator} = ${formatNumber((r.total * rule.fraction.numerator) / rule.fraction.denominator)}`;
  const fields: LayoutField[] = [
    { label: "审议机构", value: r.body },
    { label: "审议日期", value: chineseDate(r.date) },
    { label: "决议编号", value: r.resolutionNo },
    { label: "应到人数", value: `${r.total} 人` },
    {
      label: "实到人数",
      value: `${r.attended} 人，出席率 ${r.attended}/${r.total} = ${percent(r.attended, r.total)}；须全体${fractionWords(attendanceRule)}出席（${fractionOfTotal(attendanceRule)}），即至少 ${quorum} 人：${r.attended >= quorum ? "达到" : "未达到"}`,
    },
    {
      label: "同意",
      value: `${r.approved} 票，占全体 ${r.approved}/${r.total} = ${percent(r.approved, r.total)}；须经全体${fractionWords(approvalRule)}同意（${fractionOfTotal(approvalRule)}，按应到人数计），即至少 ${majority} 票：${r.approved >= majority ? "达到" : "未达到"}`,
    },
    { label: "反对", value: `${r.against} 票` },
    { label: "弃权", value: `${r.abstained} 票` },
    {
      label: "票数核对",
      value: `同意 ${r.approved} + 反对 ${r.against} + 弃权 ${r.abstained} = ${cast}${notVoting === 0 ? ` = 实到 ${r.attended}` : notVoting > 0 ? `，实到 ${r.attended}，未投票 ${notVoting}` : `，多于实到 ${r.attended}：票数有误`}`,
    },
    { label: "表决结果", value: r.verdictText },
    { label: "依据", value: attendanceRule.source.zh },
  ];
  const notes: string[] = [];
  if (notVoting < 0 || r.attended > r.total) notes.push("注意：记录的票数或出席人数多于应到人数或实到人数，请核对原始表决记录。");
  return { fields, notes };
}

/** 80, 60, 66.67: at most two decimals, no trailing zeros. */
function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function signatoryFields(model: AgreementExport, side: SignatureSide): LayoutField[][] {
  const signed = model.signatures.filter((s) => s.side === side);
  if (signed.length === 0) {
    if (side === "participant") return [];
    return [
      [
        { label: side === "union" ? "首席代表（签字）" : "首席代表或授权代表（签字）", value: "" },
        { label: "日期", value: "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日" },
      ],
    ];
  }
  return signed.map((s) => [
    { label: "签署单位", value: s.organisation },
    { label: "签署人", value: s.signatoryName },
    { label: "签署身份", value: s.capacity },
    { label: "签署日期", value: chineseDate(s.signedAt) },
  ]);
}

export function buildAgreementLayout(model: AgreementExport): AgreementLayout {
  const isDraft = model.status === "draft";
  const { content, negotiation } = model;

  const numbering = numberAgreement(content.clauses);
  const chapters: LayoutChapter[] = [];
  content.clauses.forEach((clause, index) => {
    const n = numbering[index]!;
    let chapter = chapters[n.chapterIndex - 1];
    if (!chapter) {
      chapter = { label: n.chapterLabel, title: n.chapterTitle, articles: [] };
      chapters.push(chapter);
    }
    chapter.articles.push({ clauseId: clause.id, label: n.articleLabel, title: clause.title, body: clause.body });
  });

  const subtitleLines = [
    isDraft ? "（草案）" : "",
    [negotiation.regionLabel, negotiation.scopeLabel, "集体合同", `协商方式：${negotiation.modeLabel}`].filter(Boolean).join(" · "),
    model.version ? `文本版本：${model.version.label}（${chineseDate(model.version.createdAt)}）` : "文本版本：实时草稿",
  ].filter((line) => line !== "");

  const signatureBlocks: LayoutSignatureBlock[] = [
    { heading: SIDE_HEADING.union, party: negotiation.unionPartyName, signatories: signatoryFields(model, "union") },
    { heading: SIDE_HEADING.enterprise, party: negotiation.enterprisePartyName, signatories: signatoryFields(model, "enterprise") },
  ];
  const participants = signatoryFields(model, "participant");
  if (participants.length > 0) {
    signatureBlocks.push({ heading: SIDE_HEADING.participant, party: participants[0]![0]!.value, signatories: participants });
  }

  const sections: LayoutAppendixSection[] = [];

  const signatureGroups = model.signatures.map((s, i) => [
    { label: "序号", value: String(i + 1) },
    { label: "签署方", value: SIDE_HEADING[s.side] },
    { label: "签署单位", value: s.organisation },
    { label: "签署人", value: s.signatoryName },
    { label: "签署身份", value: s.capacity },
    { label: "委托书", value: s.delegationRef ?? "无（以本单位名义签署）" },
    { label: "签署时间", value: chineseDateTime(s.signedAt) },
    { label: "所签内容哈希", value: s.contentHash, mono: true },
  ]);
  sections.push({
    heading: "一、签署",
    groups: signatureGroups,
    notes: signatureGroups.length === 0 ? ["本文本尚无签署。"] : [],
  });

  const integrity: LayoutField[] = [];
  const integrityNotes: string[] = [];
  if (model.version) {
    integrity.push(
      { label: "文本版本", value: model.version.label },
      { label: "版本保存时间", value: chineseDateTime(model.version.createdAt) },
      { label: "版本内容哈希", value: model.version.contentHash, mono: true },
    );
    const mismatched = model.signatures.filter((s) => s.contentHash !== model.version!.contentHash);
    if (model.signatures.length > 0) {
      integrityNotes.push(
        mismatched.length === 0
          ? "全部签署所针对的内容哈希均与本文本的版本内容哈希一致。"
          : `注意：${mismatched.map((s) => `${s.organisation} ${s.signatoryName}`).join("、")} 所签内容哈希与本文本不一致，所签并非本文本。`,
      );
    }
  } else {
    integrity.push({ label: "文本版本", value: "实时草稿（未保存为版本，无内容哈希）" });
  }
  for (const chapter of chapters) {
    for (const article of chapter.articles) {
      const invisible = invisibleFormatCharacters(article.title + article.body);
      if (invisible.length > 0) {
        integrityNotes.push(
          `注意：${article.label}含有不可见的格式控制字符（${invisible.join("、")}）。导出文件保留了这些字符，并使其中的双向文本控制字符不改变文字的显示顺序；请对照原文核对。`,
        );
      }
    }
  }
  integrity.push(
    { label: "审计链头", value: model.auditChainHead ?? "—", mono: model.auditChainHead !== undefined },
    { label: "导出时间", value: chineseDateTime(model.exportedAt) },
  );
  sections.push({ heading: "二、文本核验", groups: [integrity], notes: integrityNotes });

  if (model.ratification) {
    const { fields, notes } = ratificationFields(model.ratification);
    sections.push({ heading: "三、职工代表大会或全体职工审议", groups: [fields], notes });
  } else {
    sections.push({ heading: "三、职工代表大会或全体职工审议", groups: [], notes: ["尚无审议记录。"] });
  }

  const representativeGroups = (["union", "enterprise"] as const).map((side) => {
    const reps = model.representatives.filter((r) => r.side === side);
    return [
      { label: REPRESENTATIVE_SIDE_HEADING[side], value: reps.length === 0 ? "—" : reps.map((r) => `${r.name}（${r.role}）`).join("、") },
    ];
  });
  sections.push({ heading: "四、双方协商代表", groups: representativeGroups, notes: [] });

  return {
    title: agreementTitleWithoutDraftMark(content.title),
    isDraft,
    statusLabel: isDraft ? "草案" : "已签署",
    draftHeader: isDraft ? DRAFT_HEADER : "",
    subtitleLines,
    chapters,
    signatureBlocks,
    appendix: { title: "附件 签署记录", sections },
  };
}
