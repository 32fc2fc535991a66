import type { LoaderFunctionArgs } from "@remix-run/node";
import { agreementExport } from "./negotiations.$id.export/export.server";

/** GET /negotiations/:id/export.md: the agreement (draft before signing, the signed version after). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return agreementExport(request, context, params.id, "md");
}
