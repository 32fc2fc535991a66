import type { Db } from "../../db/client";
import { listParticipants, organisationsById, type NegotiationRow } from "../../db/queries/negotiations";
import type { VersionRow } from "../../db/queries/versions";
import type { AgreementContent } from "../../shared/agreement";
import { MODE_LABELS, ROLE_LABELS, SCOPE_LABELS } from "../../shared/roles";
import { contentDisposition, type AgreementExport } from "../export/exportModel";

/**
 * The export model of a saved version (a draft: versions are never signed; signing exports the
 * signed agreement itself). Its representatives are today's bargaining seats.
 */
export function versionExportModel(db: Db, negotiation: NegotiationRow, version: VersionRow & { agreement: AgreementContent }, now = new Date()): AgreementExport {
  const orgs = organisationsById(db, [negotiation.unionOrgId, negotiation.enterpriseOrgId]);
  return {
    content: version.agreement,
    status: "draft",
    negotiation: {
      title: negotiation.title,
      scopeLabel: SCOPE_LABELS[negotiation.scope].zh,
      regionLabel: negotiation.region || undefined,
      unionPartyName: orgs.get(negotiation.unionOrgId)?.name ?? "",
      enterprisePartyName: orgs.get(negotiation.enterpriseOrgId)?.name ?? "",
      modeLabel: MODE_LABELS[negotiation.mode].zh,
    },
    version: { label: version.label, contentHash: version.contentHash, createdAt: new Date(version.createdAt).toISOString() },
    signatures: [],
    representatives: listParticipants(db, negotiation.id).flatMap((p) =>
      p.side === "union" || p.side === "enterprise" ? [{ side: p.side, name: p.displayName, role: ROLE_LABELS[p.role].zh }] : [],
    ),
    exportedAt: now.toISOString(),
  };
}

const UNSAFE_FILE_NAME_CHARS = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu;

/** `青城市网络餐饮配送行业集体合同-平台方回应稿.docx` with `tongshang-version-2.docx` as the ASCII fallback. */
export function versionDisposition(version: VersionRow & { agreement: AgreementContent }, ext: "docx" | "pdf" | "json"): string {
  const clean = (s: string, max: number) => Array.from(s.normalize("NFC").replace(UNSAFE_FILE_NAME_CHARS, "").replace(/\s+/gu, " ").trim()).slice(0, max).join("");
  const title = clean(version.agreement.title.replace(/\s*[(（]\s*草案\s*[)）]\s*$/u, ""), 40) || "集体合同";
  return contentDisposition(`${title}-${clean(version.label, 30) || `v${version.seq}`}.${ext}`, `tongshang-version-${version.seq}.${ext}`);
}
