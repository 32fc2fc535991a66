import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { setNegotiationWageArea } from "../../server/commands/minimumWageRecorder";
import { wageAreaSchema } from "../../shared/schemas/evidence";
import { fieldErrorsOf } from "../../shared/schemas/intents";
import { requireNegotiation } from "../guards.server";
import { refusalMessage } from "../../server/commands/commandResult";
import { refusalText } from "../../shared/i18n/refusals";
import { langOf } from "../i18n/lang.server";

/** POST /negotiations/:id/wage-area form `area` (a chief, not locked): the minimum-wage area the checks use (EV-9). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { negotiation, user } = await requireNegotiation(request, context, params.id, "setWageArea", "api");
  const form = await request.formData();
  const parsed = wageAreaSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json({ ok: false, errors: fieldErrorsOf(parsed.error.issues), message: refusalText(langOf(request), { key: "request.invalid" }) }, { status: 400 });
  const outcome = await setNegotiationWageArea(context.driver, user.id, negotiation.id, parsed.data.area);
  if (!outcome.ok) return json({ ok: false, errors: { [outcome.field ?? "area"]: refusalMessage(outcome, langOf(request)) }, message: refusalMessage(outcome, langOf(request)) }, { status: 400 });
  const back = String(form.get("redirectTo") ?? "");
  // Only back to a page of this negotiation: never an open redirect.
  if (back.startsWith(`/negotiations/${negotiation.id}`) && !back.startsWith("//")) return redirect(back);
  return json({ ok: true, area: outcome.value.area });
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
