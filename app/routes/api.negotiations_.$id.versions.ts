import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { versionTimeline } from "~/server/versions/versionTimeline";
import { requireNegotiation } from "../guards.server";

/** GET /api/negotiations/:id/versions (contract): the saved versions, oldest first. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "read", "api");
  return json(await versionTimeline(context.driver.db, negotiation.id), { headers: { "Cache-Control": "no-store" } });
}
