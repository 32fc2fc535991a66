import type { VersionRow } from "~/db/queries/versions";
import type { AgreementContent } from "~/shared/agreement";
import type { ComparisonSide } from "../versions/comparison";
import { agreementTitleWithoutDraftMark, isoDateBeijing, type AgreementExport, type ExportExtension } from "./exportModel";

/**
 * Every download's file name, made here and nowhere else (docs/decisions/014 and 028): a Chinese
 * name for the browser and an ASCII fallback for clients that ignore `filename*`, and the
 * Content-Disposition header that carries both.
 */

/** A download's two names. */
export interface DownloadName {
  fileName: string;
  asciiFallback: string;
}

/** The day that names the file: the last signature's day for a signed agreement, the export day for a draft. */
function fileDate(model: AgreementExport): string {
  if (model.status === "signed" && model.signatures.length > 0) {
    const last = model.signatures.map((s) => s.signedAt).sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1)!;
    return isoDateBeijing(last);
  }
  return isoDateBeijing(model.exportedAt);
}

/**
 * Characters that may not appear in a file name on Windows, macOS or Linux, control characters,
 * and the invisible format characters (bidi overrides, zero-width) that can make a name read
 * differently from what it is (`…txt\u202Excod.exe`).
 */
const UNSAFE_FILE_NAME_CHARS = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;
/** Well under the 255-byte limit of common file systems once UTF-8 encoded (3 bytes per Han character). */
const MAX_FILE_NAME_STEM_CHARS = 60;

/**
 * `青城市网络餐饮配送行业集体合同-已签署-2026-11-24.docx` (草案 for a draft) and an ASCII
 * fallback `tongshang-agreement-signed-2026-11-24.docx` for clients that ignore `filename*`.
 */
export function exportFileName(model: AgreementExport, ext: ExportExtension): DownloadName {
  const statusZh = model.status === "signed" ? "已签署" : "草案";
  const statusEn = model.status === "signed" ? "signed" : "draft";
  const date = fileDate(model);
  const stem = fileNamePart(agreementTitleWithoutDraftMark(model.content.title), MAX_FILE_NAME_STEM_CHARS) || "集体合同";
  return {
    fileName: `${stem}-${statusZh}-${date}.${ext}`,
    asciiFallback: `tongshang-agreement-${statusEn}-${date}.${ext}`,
  };
}

/**
 * `青城市网络餐饮配送行业集体合同-报送审查材料-2026-11-24.zip` (dated the day of the last signature)
 * with `tongshang-filing-2026-11-24.zip` as the ASCII fallback.
 */
export function filingPackageFileName(model: AgreementExport): DownloadName {
  const date = fileDate(model);
  const stem = fileNamePart(agreementTitleWithoutDraftMark(model.content.title), MAX_FILE_NAME_STEM_CHARS) || "集体合同";
  return { fileName: `${stem}-报送审查材料-${date}.zip`, asciiFallback: `tongshang-filing-${date}.zip` };
}

/**
 * A piece of a file name (a title, a version label, a letter number): NFC, without the unsafe and
 * invisible characters above, spaces collapsed, no leading or trailing dots, at most `maxChars`
 * characters. May be empty: the caller supplies its own default.
 */
export function fileNamePart(text: string, maxChars: number): string {
  const cleaned = text
    .normalize("NFC")
    .replace(UNSAFE_FILE_NAME_CHARS, "")
    .replace(/\s+/gu, " ")
    .replace(/^[.\s]+|[.\s]+$/gu, "");
  return Array.from(cleaned).slice(0, maxChars).join("").replace(/[.\s]+$/u, "");
}

/** RFC 5987 attr-char: everything else in a `filename*` value is percent-encoded. */
function encodeRfc5987(value: string): string {
  return Array.from(new TextEncoder().encode(value))
    .map((byte) => {
      const ch = String.fromCharCode(byte);
      return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

/**
 * `attachment; filename="ascii.docx"; filename*=UTF-8''%E9%9D%92…` (RFC 6266 §4.3 with RFC 5987).
 * The fallback is forced into printable ASCII without quotes or backslashes, and both names lose
 * control characters, so a hostile title can never split the header.
 */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const safeFallback = asciiFallback.replace(/[^\x20-\x7e]|["\\%]/g, "_").trim() || "download";
  const safeName = fileName.replace(/[\u0000-\u001f\u007f]/g, "");
  return `attachment; filename="${safeFallback}"; filename*=UTF-8''${encodeRfc5987(safeName)}`;
}

/** `青城市网络餐饮配送行业集体合同-平台方回应稿.docx` with `tongshang-version-2.docx` as the ASCII fallback. */
export function versionFileName(version: VersionRow & { agreement: AgreementContent }, ext: "docx" | "pdf" | "json"): DownloadName {
  const title = fileNamePart(agreementTitleWithoutDraftMark(version.agreement.title), 40) || "集体合同";
  const label = fileNamePart(version.label, 30) || `v${version.seq}`;
  return { fileName: `${title}-${label}.${ext}`, asciiFallback: `tongshang-version-${version.seq}.${ext}` };
}

/** `青城市网络餐饮配送行业集体合同-比较-工会方首轮提案-平台方回应稿.docx`, and an ASCII fallback. */
export function comparisonFileName(agreementTitle: string, from: ComparisonSide, to: ComparisonSide, ext: "docx" | "json"): DownloadName {
  const title = fileNamePart(agreementTitleWithoutDraftMark(agreementTitle), 40) || "集体合同";
  const fileName = `${title}-比较-${fileNamePart(from.label, 30) || from.ref}-${fileNamePart(to.label, 30) || to.ref}.${ext}`;
  return { fileName, asciiFallback: `tongshang-compare-${from.ref}-${to.ref}.${ext}` };
}

/** `青城市总工会台账-2026-11-24.xlsx` (L-7). */
export function ledgerFileName(organisationName: string, asOf: string): DownloadName {
  return { fileName: `${organisationName}台账-${asOf}.xlsx`, asciiFallback: `ledger-${asOf}.xlsx` };
}

/** `青城市总工会周调度-2026-11-23.pdf` / `…月调度-….xlsx` (L-8, L-9). */
export function ledgerReportFileName(organisationName: string, period: "week" | "month", from: string, format: "xlsx" | "pdf"): DownloadName {
  const kind = period === "week" ? "周调度" : "月调度";
  return { fileName: `${organisationName}${kind}-${from}.${format}`, asciiFallback: `ledger-${period}-${from}.${format}` };
}
