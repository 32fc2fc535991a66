import type { LoaderFunctionArgs } from "@remix-run/node";
import { negotiationExport } from "./negotiations.$id.export/export.server";

/** GET /negotiations/:id/export.json (contract): the live agreement in document order. */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return negotiationExport(request, context, params.id, { kind: "agreement", format: "json" });
}
