/**
 * The input of every agreement export (DOCX, PDF, Markdown) and the HTTP naming of the files.
 *
 * A route loads the negotiation, authorises the export through the policy module, builds one
 * `AgreementExport` and hands it to a builder; the builders do no I/O beyond reading the font.
 * Everything in here is data the route has already checked: the builders print it, they do not
 * judge it (the ratification verdict, for instance, comes computed from shared/rules).
 */
import type { AgreementContent } from "~/shared/agreement";

export type AgreementStatus = "draft" | "signed";

/** Which side a signature or a representative belongs to. `participant`: a higher-level union taking part (上参下). */
export type SignatureSide = "union" | "enterprise" | "participant";
export type RepresentativeSide = "union" | "enterprise";

/** What the export says about the negotiation the agreement comes from. */
export interface NegotiationSummary {
  title: string;
  /** 行业性 / 区域性 / 企业 … */
  scopeLabel: string;
  regionLabel?: string;
  /** 甲方 */
  unionPartyName: string;
  /** 乙方 */
  enterprisePartyName: string;
  /** 上代下 / 上参下 / 直接协商 … */
  modeLabel: string;
}

/** The saved version being exported (absent for the live draft). */
export interface VersionStamp {
  label: string;
  contentHash: string;
  /** ISO 8601 */
  createdAt: string;
}

/** One signature (签署) as recorded by the signing command. */
export interface SignatureRecord {
  side: SignatureSide;
  organisation: string;
  signatoryName: string;
  /** In what capacity the signatory signs, e.g. 青城市总工会(受……委托,上代下,委托书 QC-2026-001). */
  capacity: string;
  /** ISO 8601 */
  signedAt: string;
  /** Hash of the content the signatory signed. */
  contentHash: string;
  /** The written authorisation (委托书) number when signing under a delegation. */
  delegationRef?: string;
}

/** The vote of the workers' congress or all workers (职工代表大会或全体职工讨论通过, 《集体合同规定》第三十六条). */
export interface RatificationRecord {
  /** 职工代表大会 / 全体职工大会 */
  body: string;
  /** Everyone entitled to vote (应到). */
  total: number;
  attended: number;
  approved: number;
  against: number;
  abstained: number;
  /** ISO 8601 date or date-time */
  date: string;
  resolutionNo: string;
  /** The verdict computed by shared/rules, in words (e.g. 通过). */
  verdictText: string;
}

/** A bargaining representative (协商代表). */
export interface RepresentativeRecord {
  side: RepresentativeSide;
  name: string;
  /** 首席代表 / 协商代表 / 法律顾问 … */
  role: string;
}

/** Everything an agreement export prints. */
export interface AgreementExport {
  content: AgreementContent;
  status: AgreementStatus;
  negotiation: NegotiationSummary;
  version?: VersionStamp;
  signatures: SignatureRecord[];
  ratification?: RatificationRecord;
  representatives: RepresentativeRecord[];
  /** Hash of the newest entry of the negotiation's audit chain at export time. */
  auditChainHead?: string;
  /** ISO 8601 */
  exportedAt: string;
}

export type ExportExtension = "docx" | "pdf" | "md" | "json";

/** China has one time zone and no daylight saving: dates on the documents are Beijing dates. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Beijing calendar date and time of an ISO timestamp (a bare date is taken as that date). */
export function beijingParts(iso: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const bareDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (bareDate) {
    return { year: Number(bareDate[1]), month: Number(bareDate[2]), day: Number(bareDate[3]), hour: 0, minute: 0 };
  }
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new RangeError(`不是有效的时间:${iso}`);
  const shifted = new Date(time + BEIJING_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** 2026-11-24 (Beijing date). */
export function isoDateBeijing(iso: string): string {
  const p = beijingParts(iso);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** 2026年11月24日 (Beijing date), the way dates are written on Chinese official documents. */
export function chineseDate(iso: string): string {
  const p = beijingParts(iso);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年11月24日 15:30（北京时间） */
export function chineseDateTime(iso: string): string {
  const p = beijingParts(iso);
  return `${chineseDate(iso)} ${pad2(p.hour)}:${pad2(p.minute)}（北京时间）`;
}

/** The title without a trailing (草案) mark: the status is printed separately. */
export function agreementTitleWithoutDraftMark(title: string): string {
  return title.replace(/\s*[(（]\s*草案\s*[)）]\s*$/u, "").trim() || title.trim();
}
