import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { presentAgreement } from "../../server/presenters/agreement";
import { requireNegotiation } from "../guards.server";

/** GET /negotiations/:id/export.json (contract): the live agreement in document order. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "export", "api");
  const content = await context.collab.readAgreement(negotiation.id);
  return json(presentAgreement(content), { headers: { "Cache-Control": "no-store" } });
}
