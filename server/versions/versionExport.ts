import type { VersionRow } from "../../db/queries/versions";
import type { AgreementContent } from "../../shared/agreement";
import { agreementTitleWithoutDraftMark, fileNamePart } from "../export/exportModel";

/**
 * `青城市网络餐饮配送行业集体合同-平台方回应稿.docx` with `tongshang-version-2.docx` as the ASCII fallback.
 * (The model of a version export is built beside the agreement's: buildVersionExportModel in
 * server/export/agreementExportModel.)
 */
export function versionFileName(version: VersionRow & { agreement: AgreementContent }, ext: "docx" | "pdf" | "json"): { fileName: string; asciiFallback: string } {
  const title = fileNamePart(agreementTitleWithoutDraftMark(version.agreement.title), 40) || "集体合同";
  const label = fileNamePart(version.label, 30) || `v${version.seq}`;
  return { fileName: `${title}-${label}.${ext}`, asciiFallback: `tongshang-version-${version.seq}.${ext}` };
}
