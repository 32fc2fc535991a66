import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildAgreementDocx } from "../../server/export/agreementDocx";
import { buildVersionExportModel } from "../../server/export/agreementExportModel";
import { downloadResponse, EXPORT_MIME } from "../../server/export/download";
import { versionFileName } from "../../server/versions/versionExport";
import { requireVersionExport } from "./negotiations.$id.versions/versionExport.server";

/** GET /negotiations/:id/versions/:versionId/export.docx (contract): a saved version as a Word document. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, version, audited } = await requireVersionExport(request, context, params, "docx");
  const buffer = await buildAgreementDocx(await buildVersionExportModel(context.driver.db, access.negotiation, version));
  await audited();
  return downloadResponse(buffer, EXPORT_MIME.docx, versionFileName(version, "docx"));
}
