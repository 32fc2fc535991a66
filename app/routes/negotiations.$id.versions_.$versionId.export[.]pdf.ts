import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildVersionExportModel } from "../../server/export/agreementExportModel";
import { buildAgreementPdf } from "../../server/export/agreementPdf";
import { downloadResponse, EXPORT_MIME } from "../../server/export/download";
import { versionFileName } from "../../server/versions/versionExport";
import { requireVersionExport } from "./negotiations.$id.versions/versionExport.server";

/** GET /negotiations/:id/versions/:versionId/export.pdf (contract): a saved version as a PDF. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, version, audited } = await requireVersionExport(request, context, params, "pdf");
  const buffer = await buildAgreementPdf(await buildVersionExportModel(context.driver.db, access.negotiation, version));
  await audited();
  return downloadResponse(buffer, EXPORT_MIME.pdf, versionFileName(version, "pdf"));
}
