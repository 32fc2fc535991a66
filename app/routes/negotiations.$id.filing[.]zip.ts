import type { LoaderFunctionArgs } from "@remix-run/node";
import { negotiationExport } from "./negotiations.$id.export/export.server";

/**
 * GET /negotiations/:id/filing.zip: 报送审查材料 of the signed agreement (409 before signing).
 * Served from the cache while nothing it prints has changed (X-Filing-Package: cached | built);
 * every download is audited either way.
 */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return negotiationExport(request, context, params.id, { kind: "filing" });
}
