import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildAgreementPdf } from "../../server/export/agreementPdf";
import { versionDisposition, versionExportModel } from "../../server/versions/versionExport";
import { requireVersionExport } from "./negotiations.$id.versions/versionExport.server";

/** GET /negotiations/:id/versions/:versionId/export.pdf (contract): a saved version as a PDF. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, version, audited } = requireVersionExport(request, context, params, "pdf");
  const buffer = await buildAgreementPdf(versionExportModel(context.db, access.negotiation, version));
  audited();
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": versionDisposition(version, "pdf"),
      "Content-Length": String(buffer.length),
      "Cache-Control": "no-store",
    },
  });
}
