import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { listMyNegotiations } from "~/server/commands/negotiationLister";
import { requireUser } from "../guards.server";

/** GET /api/negotiations (contract): the negotiations the signed-in user takes part in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context, "api");
  return json(await listMyNegotiations(context, { userId: user.id }, {}));
}
