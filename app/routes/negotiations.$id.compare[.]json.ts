import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAnswer } from "./negotiations.$id.export/export.server";
import { requireComparison } from "./negotiations.$id.compare/compare.server";

/** GET /negotiations/:id/compare.json?from=V&to=W (contract): the structured comparison; `live` is the live draft. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, ...compared } = await requireComparison(request, context, params.id, "export", "api");
  return exportAnswer(request, context, access, { kind: "compare", ...compared, format: "json" });
}
