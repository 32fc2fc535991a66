import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { presentAgreement } from "../../server/presenters/agreement";
import { requireVersionExport } from "./negotiations.$id.versions/versionExport.server";

/** GET /negotiations/:id/versions/:versionId/export.json (contract): the version's agreement plus `label` and `contentHash`. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { version, audited } = await requireVersionExport(request, context, params, "json");
  await audited();
  return json({ ...presentAgreement(version.agreement), label: version.label, contentHash: version.contentHash }, { headers: { "Cache-Control": "no-store" } });
}
