import { RECORD_ID_PATTERN } from "~/shared/agreement";
import { appendAudit, type AuditEvent } from "~/db/audit";
import { findVersion } from "~/db/queries/versions";
import type { AgreementComparison } from "~/shared/diff/compareAgreements";
import { findingNotes } from "../evidence/comparisonEvidence";
import { buildAgreementDocx } from "../export/agreementDocx";
import { buildExportModel, buildVersionExportModel } from "../export/agreementExportModel";
import { buildAgreementMarkdown } from "../export/agreementMarkdown";
import { buildAgreementPdf } from "../export/agreementPdf";
import { EXPORT_MIME } from "../export/download";
import type { AgreementExport } from "../export/exportModel";
import { comparisonFileName, exportFileName, versionFileName, type DownloadName } from "../export/fileNames";
import { AgreementNotSignedError, filingPackage } from "../export/filingPackage";
import { buildRedlineDocx } from "../export/redlineDocx";
import { presentAgreement } from "../presenters/agreement";
import { presentComparison, revisionAuthor, type ComparisonSide } from "../versions/comparison";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

/**
 * The one exporter (docs/decisions/028-commands-own-their-effects.md): every download of a
 * negotiation goes kind → model → builder → audit → { body, contentType, fileName }. The route
 * has asked the policy (`export`) and answers the file with downloadResponse; a JSON export is
 * answered as JSON. Each file is audited once it is built, as before.
 */
export type ExportRequest =
  | { kind: "agreement"; format: "docx" | "pdf" | "md" | "json" }
  | { kind: "version"; versionId: string; format: "docx" | "pdf" | "json" }
  | { kind: "compare"; from: ComparisonSide; to: ComparisonSide; comparison: AgreementComparison; format: "docx" | "json" }
  | { kind: "filing" };

/** A built file, or (a JSON export) the value to answer as JSON. */
export type ExportedFile =
  | { kind: "file"; body: Buffer | string; contentType: string; fileName: DownloadName; headers?: Record<string, string> }
  | { kind: "json"; value: unknown };

type ExportContext = Pick<CommandContext, "driver" | "collab" | "clock">;
type Exporter = Pick<Actor, "negotiation" | "userId">;

const AGREEMENT_BUILDERS: Record<"docx" | "pdf" | "md", (model: AgreementExport) => Promise<Buffer> | string> = {
  docx: buildAgreementDocx,
  pdf: buildAgreementPdf,
  md: buildAgreementMarkdown,
};

const VERSION_BUILDERS: Record<"docx" | "pdf", (model: AgreementExport) => Promise<Buffer>> = { docx: buildAgreementDocx, pdf: buildAgreementPdf };

async function audited(ctx: ExportContext, actor: Exporter, action: string, detail: AuditEvent["detail"]): Promise<void> {
  await ctx.driver.write(async (tx) => {
    await appendAudit(tx, { negotiationId: actor.negotiation.id, actorId: actor.userId, action, detail });
  });
}

export async function exportDocument(ctx: ExportContext, actor: Exporter, input: ExportRequest): Promise<CommandResult<ExportedFile>> {
  const negotiationId = actor.negotiation.id;
  switch (input.kind) {
    case "agreement": {
      // The live agreement in document order (contract): not a file, not audited.
      if (input.format === "json") return done({ kind: "json", value: presentAgreement(await ctx.collab.readAgreement(negotiationId)) });
      // The live draft (草案) before signing, the signed version with its signature record after.
      const model = await buildExportModel(ctx.driver.db, ctx.collab, negotiationId, new Date(ctx.clock()));
      const body = await AGREEMENT_BUILDERS[input.format](model);
      await audited(ctx, actor, `export.agreement_${input.format}`, { status: model.status, contentHash: model.version?.contentHash ?? null });
      return done({ kind: "file", body, contentType: EXPORT_MIME[input.format], fileName: exportFileName(model, input.format) });
    }
    case "version": {
      // A malformed id is no version (and never reaches PostgreSQL, which refuses a NUL in a parameter).
      const version = RECORD_ID_PATTERN.test(input.versionId) ? await findVersion(ctx.driver.db, negotiationId, input.versionId) : undefined;
      if (!version) return refuse("not_found", { key: "version.notFound" });
      const detail = { versionId: version.id, seq: version.seq, contentHash: version.contentHash };
      if (input.format === "json") {
        await audited(ctx, actor, "export.version_json", detail);
        return done({ kind: "json", value: { ...presentAgreement(version.agreement), label: version.label, contentHash: version.contentHash } });
      }
      const body = await VERSION_BUILDERS[input.format](await buildVersionExportModel(ctx.driver.db, actor.negotiation, version, new Date(ctx.clock())));
      await audited(ctx, actor, `export.version_${input.format}`, detail);
      return done({ kind: "file", body, contentType: EXPORT_MIME[input.format], fileName: versionFileName(version, input.format) });
    }
    case "compare": {
      const { from, to, comparison } = input;
      if (input.format === "json") {
        await audited(ctx, actor, "export.compare_json", { from: from.ref, to: to.ref });
        return done({ kind: "json", value: presentComparison(from, to, comparison) });
      }
      // A Word redline with real tracked changes, each revision by the person and side who saved the newer version.
      const body = await buildRedlineDocx(comparison, {
        fromLabel: from.label,
        toLabel: to.label,
        author: revisionAuthor(to),
        date: to.createdAt,
        agreementTitle: to.content.title,
        clauseNotes: await findingNotes(ctx.driver.db, negotiationId, from, to),
      });
      await audited(ctx, actor, "export.compare_docx", { from: from.ref, to: to.ref });
      return done({ kind: "file", body, contentType: EXPORT_MIME.docx, fileName: comparisonFileName(to.content.title, from, to, "docx") });
    }
    case "filing": {
      // 报送审查材料 of a signed agreement only (409): from the cache while nothing it prints has changed.
      const notSigned = () => refuse(new AgreementNotSignedError().code, new AgreementNotSignedError().text, undefined, "conflict");
      if (actor.negotiation.lockedAt === null) return notSigned();
      let filing;
      try {
        filing = await filingPackage(ctx.driver.db, ctx.collab, negotiationId, new Date(ctx.clock()));
      } catch (error) {
        if (error instanceof AgreementNotSignedError) return notSigned();
        throw error;
      }
      await audited(ctx, actor, "export.filing_zip", { contentHash: filing.contentHash, entries: filing.entries.length, packageDigest: filing.digest, cached: filing.fromCache });
      return done({ kind: "file", body: filing.buffer, contentType: EXPORT_MIME.zip, fileName: filing, headers: { "X-Filing-Package": filing.fromCache ? "cached" : "built" } });
    }
  }
}
