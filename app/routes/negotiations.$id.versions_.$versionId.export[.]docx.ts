import type { LoaderFunctionArgs } from "@remix-run/node";
import { negotiationExport } from "./negotiations.$id.export/export.server";

/** GET /negotiations/:id/versions/:versionId/export.docx (contract): a saved version as a Word document. */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return negotiationExport(request, context, params.id, { kind: "version", versionId: params.versionId ?? "", format: "docx" });
}
