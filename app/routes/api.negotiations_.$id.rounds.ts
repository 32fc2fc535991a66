import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { listRounds } from "~/db/queries/rounds";
import { presentRounds } from "~/server/presenters/rounds";
import { requireNegotiation } from "../guards.server";

/** GET /api/negotiations/:id/rounds (contract): the tabled rounds, oldest first. Every participant sees them: a tabled round is on the table. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "read", "api");
  return json(presentRounds(await listRounds(context.driver.db, negotiation.id)), { headers: { "Cache-Control": "no-store" } });
}
