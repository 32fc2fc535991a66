import type { LoaderFunctionArgs } from "@remix-run/node";
import { filingPackageExport } from "./negotiations.$id.export/export.server";

/** GET /negotiations/:id/filing.zip: 报送审查材料 of the signed agreement (409 before signing). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return filingPackageExport(request, context, params.id);
}
