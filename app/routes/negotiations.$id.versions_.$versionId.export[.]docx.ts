import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildAgreementDocx } from "../../server/export/agreementDocx";
import { versionDisposition, versionExportModel } from "../../server/versions/versionExport";
import { requireVersionExport } from "./negotiations.$id.versions/versionExport.server";

/** GET /negotiations/:id/versions/:versionId/export.docx (contract): a saved version as a Word document. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, version, audited } = requireVersionExport(request, context, params, "docx");
  const buffer = await buildAgreementDocx(versionExportModel(context.db, access.negotiation, version));
  audited();
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": versionDisposition(version, "docx"),
      "Content-Length": String(buffer.length),
      "Cache-Control": "no-store",
    },
  });
}
