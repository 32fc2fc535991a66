/**
 * Builds the one `AgreementExport` every agreement file is printed from: the final agreement's
 * DOCX/PDF/Markdown routes, the filing package (报送审查材料) and the saved-version exports.
 *
 * - Before signing the agreement is the live draft (status "draft", watermarked 草案).
 * - Once signed (negotiation.lockedAt set) it is the saved version the signatures bind to, with its
 *   content hash, the signatures, the ratification and the audit-chain head — exactly what the
 *   签署记录 page shows, because both read `presentSignatureRecord`.
 *
 * Reads no caucus note (内部备注) and no comment: nothing private to a side can reach an export.
 */
import type { Db } from "~/db/client";
import { findNegotiation, organisationsById, type NegotiationRow } from "~/db/queries/negotiations";
import { latestRatification } from "~/db/queries/signing";
import { findVersion, type VersionRow } from "~/db/queries/versions";
import type { AgreementContent } from "~/shared/agreement";
import { MODE_LABELS, SCOPE_LABELS } from "~/shared/roles";
import type { CollabService } from "../collab/service";
import { signatureRecordFacts } from "~/db/queries/signatureRecord";
import { presentSignatureRecord, type SignatureRecord as PresentedSignatureRecord } from "../presenters/signatureRecord";
import type { AgreementExport, NegotiationSummary } from "./exportModel";

export type SavedVersion = VersionRow & { agreement: AgreementContent };

/** What the title page says about the negotiation. */
export async function negotiationSummary(db: Db, negotiation: NegotiationRow): Promise<NegotiationSummary> {
  const orgs = await organisationsById(db, [negotiation.unionOrgId, negotiation.enterpriseOrgId]);
  return {
    title: negotiation.title,
    scopeLabel: SCOPE_LABELS[negotiation.scope].zh,
    regionLabel: negotiation.region || undefined,
    unionPartyName: orgs.get(negotiation.unionOrgId)?.name ?? "",
    enterprisePartyName: orgs.get(negotiation.enterpriseOrgId)?.name ?? "",
    modeLabel: MODE_LABELS[negotiation.mode].zh,
  };
}

function versionStamp(version: SavedVersion) {
  return { label: version.label, contentHash: version.contentHash, createdAt: new Date(version.createdAt).toISOString() };
}

/** The fields every export takes from the signature record whatever its status: representatives, audit-chain head. */
function recordFields(record: PresentedSignatureRecord): Pick<AgreementExport, "representatives" | "auditChainHead"> {
  return {
    representatives: record.representatives.map((r) => ({ side: r.side, name: r.name, role: r.roleLabel })),
    auditChainHead: record.auditChainHead ?? undefined,
  };
}

/**
 * The saved version the signatures bind to: the ratified version (signing requires it, and the
 * record keeps only the signatures given on it). Undefined before ratification.
 */
export async function signedVersion(db: Db, negotiationId: string): Promise<SavedVersion | undefined> {
  const ratification = await latestRatification(db, negotiationId);
  return ratification ? await findVersion(db, negotiationId, ratification.versionId) : undefined;
}

export interface ExportSource {
  negotiation: NegotiationRow;
  model: AgreementExport;
  /** The signature record the model was built from (the filing package prints more of it). */
  record: PresentedSignatureRecord;
}

/**
 * The agreement of a negotiation as it stands: the live draft, or once signed, the signed version
 * with its signature record. Throws when the negotiation is unknown (routes check first) or when a
 * locked negotiation has no signed version (a broken database: better no file than a wrong one).
 */
export async function buildExportSource(db: Db, collab: Pick<CollabService, "readAgreement">, negotiationId: string, now = new Date()): Promise<ExportSource> {
  const negotiation = await findNegotiation(db, negotiationId);
  if (!negotiation) throw new Error(`no negotiation ${negotiationId}`);
  const record = presentSignatureRecord(await signatureRecordFacts(db, negotiationId));
  const summary = await negotiationSummary(db, negotiation);
  const exportedAt = now.toISOString();

  if (negotiation.lockedAt === null) {
    const content = await collab.readAgreement(negotiationId);
    return { negotiation, record, model: { content, status: "draft", negotiation: summary, signatures: [], ...recordFields(record), exportedAt } };
  }

  const version = await signedVersion(db, negotiationId);
  if (!version) throw new Error(`negotiation ${negotiationId} is locked but has no signed version`);
  const model: AgreementExport = {
    content: version.agreement,
    status: "signed",
    negotiation: summary,
    version: versionStamp(version),
    signatures: record.signatures.map((s) => ({
      side: s.side,
      organisation: s.organisation,
      signatoryName: s.signatoryName,
      capacity: s.capacity,
      signedAt: s.signedAt,
      contentHash: s.contentHash,
      delegationRef: s.delegationRef ?? undefined,
    })),
    ratification: record.ratification
      ? {
          body: record.ratification.body,
          total: record.ratification.total,
          attended: record.ratification.attended,
          approved: record.ratification.approved,
          against: record.ratification.against,
          abstained: record.ratification.abstained,
          date: record.ratification.date,
          resolutionNo: record.ratification.resolutionNo,
          verdictText: record.ratification.verdictText,
        }
      : undefined,
    ...recordFields(record),
    exportedAt,
  };
  return { negotiation, record, model };
}

/** `buildExportSource(...).model`: what the agreement routes print. */
export async function buildExportModel(db: Db, collab: Pick<CollabService, "readAgreement">, negotiationId: string, now = new Date()): Promise<AgreementExport> {
  return (await buildExportSource(db, collab, negotiationId, now)).model;
}

/**
 * A saved version as a draft (versions are proposals; the signed agreement is exported by
 * `buildExportModel`). Same title page, representatives and audit-chain head as the agreement.
 */
export async function buildVersionExportModel(db: Db, negotiation: NegotiationRow, version: SavedVersion, now = new Date()): Promise<AgreementExport> {
  const record = presentSignatureRecord(await signatureRecordFacts(db, negotiation.id));
  return {
    content: version.agreement,
    status: "draft",
    negotiation: await negotiationSummary(db, negotiation),
    version: versionStamp(version),
    signatures: [],
    ...recordFields(record),
    exportedAt: now.toISOString(),
  };
}
