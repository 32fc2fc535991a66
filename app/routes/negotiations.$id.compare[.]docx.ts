import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAnswer } from "./negotiations.$id.export/export.server";
import { requireComparison } from "./negotiations.$id.compare/compare.server";

/**
 * GET /negotiations/:id/compare.docx?from=V&to=W (contract): a Word redline with real tracked
 * changes, each revision by the person and side who saved the newer version, dated when it was saved.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, ...compared } = await requireComparison(request, context, params.id, "export", "api");
  return exportAnswer(request, context, access, { kind: "compare", ...compared, format: "docx" });
}
