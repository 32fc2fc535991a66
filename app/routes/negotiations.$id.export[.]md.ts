import type { LoaderFunctionArgs } from "@remix-run/node";
import { negotiationExport } from "./negotiations.$id.export/export.server";

/** GET /negotiations/:id/export.md: the agreement (draft before signing, the signed version after). */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return negotiationExport(request, context, params.id, { kind: "agreement", format: "md" });
}
