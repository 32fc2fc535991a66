import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { auditComparisonExport, comparisonJson, requireComparison } from "./negotiations.$id.compare/compare.server";

/** GET /negotiations/:id/compare.json?from=V&to=W (contract): the structured comparison; `live` is the live draft. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const loaded = await requireComparison(request, context, params.id, "export", "api");
  await auditComparisonExport(context, loaded, "json");
  return json(comparisonJson(loaded), { headers: { "Cache-Control": "no-store" } });
}
