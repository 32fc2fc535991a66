import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { impactBetween, presentImpact } from "~/server/evidence/agreementEvidence";
import { badRequest, firstIssue, requireArea, requireEvidenceText, requireRoundInForce } from "~/server/evidence/evidenceRequest";
import { impactInputSchema } from "~/shared/evidence/impact";
import { chinaToday } from "~/shared/rules/deadlines";
import { requireNegotiation } from "../guards.server";
import { langOf } from "../i18n/lang.server";

const INPUTS = ["ordersPerDay", "daysPerMonth", "hoursPerDay", "nightShare", "weatherDays", "extraKm"] as const;

/** GET /negotiations/:id/impact.json?from=V&to=W&ordersPerDay=N&daysPerMonth=N&hoursPerDay=N[&nightShare&weatherDays&extraKm] (contract). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "export", "api");
  const url = new URL(request.url);
  const input = impactInputSchema.safeParse(Object.fromEntries(INPUTS.map((key) => [key, url.searchParams.get(key) ?? undefined])));
  if (!input.success) firstIssue(langOf(request), input.error.issues, "ordersPerDay");
  const { area, rounds } = await requireArea(langOf(request), context, url.searchParams.get("area"), negotiation.minimumWageArea);
  const round = requireRoundInForce(langOf(request), rounds, area, chinaToday());
  const from = await requireEvidenceText(langOf(request), context, negotiation.id, "from", url.searchParams.get("from"));
  const to = await requireEvidenceText(langOf(request), context, negotiation.id, "to", url.searchParams.get("to"));
  const { result, terms } = impactBetween(from.content, to.content, input.data, round);
  for (const [field, side] of [["from", terms.from], ["to", terms.to]] as const) {
    if (side.basePerOrder === null) throw badRequest(langOf(request), field, { key: "impact.noBasePrice" });
  }
  return json(presentImpact(result), { headers: { "Cache-Control": "no-store" } });
}
