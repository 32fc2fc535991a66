import { json, type AppLoadContext } from "@remix-run/node";
import { appendAudit } from "../../../db/audit";
import { buildAgreementDocx } from "../../../server/export/agreementDocx";
import { buildExportModel, signedVersion } from "../../../server/export/agreementExportModel";
import { buildAgreementMarkdown } from "../../../server/export/agreementMarkdown";
import { buildAgreementPdf } from "../../../server/export/agreementPdf";
import { downloadResponse, EXPORT_MIME } from "../../../server/export/download";
import { exportFileName } from "../../../server/export/exportModel";
import { AgreementNotSignedError, filingPackage } from "../../../server/export/filingPackage";
import { requireNegotiation } from "../../guards.server";
import { refusalText } from "../../../shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";

export type AgreementFormat = "docx" | "pdf" | "md";

const BUILDERS: Record<AgreementFormat, (model: Parameters<typeof buildAgreementDocx>[0]) => Promise<Buffer> | string> = {
  docx: buildAgreementDocx,
  pdf: buildAgreementPdf,
  md: buildAgreementMarkdown,
};

/**
 * GET /negotiations/:id/export.(docx|pdf|md): the agreement — the live draft (草案) before signing,
 * the signed version with its signature record after. Authorised by the policy's `export`,
 * audited once the file is built.
 */
export async function agreementExport(request: Request, context: AppLoadContext, id: string | undefined, format: AgreementFormat): Promise<Response> {
  const { negotiation, user } = await requireNegotiation(request, context, id, "export", "api");
  const model = await buildExportModel(context.driver.db, context.collab, negotiation.id);
  const body = await BUILDERS[format](model);
  await context.driver.write(async (tx) => {
    await appendAudit(tx, {
      negotiationId: negotiation.id,
      actorId: user.id,
      action: `export.agreement_${format}`,
      detail: { status: model.status, contentHash: model.version?.contentHash ?? null },
    });
  });
  return downloadResponse(body, EXPORT_MIME[format], exportFileName(model, format));
}

/**
 * GET /negotiations/:id/filing.zip: the 报送审查材料 of a signed agreement; 409 before signing.
 * Served from the cache while nothing it prints has changed (X-Filing-Package: cached | built);
 * every download is audited either way.
 */
export async function filingPackageExport(request: Request, context: AppLoadContext, id: string | undefined): Promise<Response> {
  const { negotiation, user, facts } = await requireNegotiation(request, context, id, "export", "api");
  if (!facts.locked) throw notSigned(request);
  let filing;
  try {
    filing = await filingPackage(context.driver.db, context.collab, negotiation.id);
  } catch (error) {
    if (error instanceof AgreementNotSignedError) throw notSigned(request);
    throw error;
  }
  await context.driver.write(async (tx) => {
    await appendAudit(tx, {
      negotiationId: negotiation.id,
      actorId: user.id,
      action: "export.filing_zip",
      detail: { contentHash: filing.contentHash, entries: filing.entries.length, packageDigest: filing.digest, cached: filing.fromCache },
    });
  });
  const response = downloadResponse(filing.buffer, EXPORT_MIME.zip, filing);
  response.headers.set("X-Filing-Package", filing.fromCache ? "cached" : "built");
  return response;
}

function notSigned(request: Request) {
  const error = new AgreementNotSignedError();
  return json({ error: error.code, message: refusalText(langOf(request), error.text) }, { status: 409, headers: { "Cache-Control": "no-store" } });
}

/** The content hash of the signed version, printed on the export page beside the downloads. */
export async function signedContentHash(context: AppLoadContext, negotiationId: string): Promise<string | null> {
  return (await signedVersion(context.driver.db, negotiationId))?.contentHash ?? null;
}
