import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { organisationKindOf } from "~/db/queries/negotiations";
import { listMyNegotiations } from "~/server/commands/negotiationLister";
import { canStartNegotiation } from "~/server/policies/negotiation";
import { requireUser } from "../../guards.server";

/** 我的协商: the negotiations the user takes part in, and whether this account may start one. */
export async function loadDashboard({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return json({
    negotiations: await listMyNegotiations(context, { userId: user.id }, {}),
    canStart: canStartNegotiation(user, await organisationKindOf(context.driver.db, user.organisationId)),
  });
}
