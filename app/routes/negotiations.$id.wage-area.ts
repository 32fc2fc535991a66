import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { setNegotiationWageArea } from "~/server/commands/minimumWageRecorder";
import { wageAreaSchema } from "~/shared/schemas/evidence";
import { negotiationIntent as intent, runNegotiationIntentForm } from "../intentForm.server";

/** The area form, and the page it was posted from (WageAreaForm sends `redirectTo`). */
const WAGE_AREA_FORMS = {
  wageArea: intent({
    schema: wageAreaSchema.extend({ redirectTo: z.string().optional() }),
    policy: "setWageArea",
    run: (data, { context, actor }) => setNegotiationWageArea(context, actor, { area: data.area }),
    // Only back to a page of this negotiation: never an open redirect.
    answer: (_value, { redirectTo: back = "" }, { actor }) => (back.startsWith(`/negotiations/${actor.negotiationId}`) && !back.startsWith("//") ? redirect(back) : null),
  }),
};

/** POST /negotiations/:id/wage-area form `area` (a chief, not locked): the minimum-wage area the checks use (EV-9). */
export function action({ request, context, params }: ActionFunctionArgs) {
  return runNegotiationIntentForm(request, context, params.id, { intents: WAGE_AREA_FORMS, unknownIntentPolicy: "setWageArea", defaultIntent: "wageArea", kind: "api" });
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
