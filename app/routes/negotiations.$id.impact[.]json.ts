import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { impactBetween, presentImpact } from "../../server/evidence/agreementEvidence";
import { badRequest, firstIssue, requireArea, requireEvidenceText, requireRoundInForce } from "../../server/evidence/evidenceRequest";
import { impactInputSchema } from "../../shared/evidence/impact";
import { chinaToday } from "../../shared/rules/deadlines";
import { requireNegotiation } from "../guards.server";

const INPUTS = ["ordersPerDay", "daysPerMonth", "hoursPerDay", "nightShare", "weatherDays", "extraKm"] as const;

/** GET /negotiations/:id/impact.json?from=V&to=W&ordersPerDay=N&daysPerMonth=N&hoursPerDay=N[&nightShare&weatherDays&extraKm] (contract). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "export", "api");
  const url = new URL(request.url);
  const input = impactInputSchema.safeParse(Object.fromEntries(INPUTS.map((key) => [key, url.searchParams.get(key) ?? undefined])));
  if (!input.success) firstIssue(input.error.issues, "ordersPerDay");
  const { area, rounds } = await requireArea(context, url.searchParams.get("area"), negotiation.minimumWageArea);
  const round = requireRoundInForce(rounds, area, chinaToday());
  const from = await requireEvidenceText(context, negotiation.id, "from", url.searchParams.get("from"));
  const to = await requireEvidenceText(context, negotiation.id, "to", url.searchParams.get("to"));
  const { result, terms } = impactBetween(from.content, to.content, input.data, round);
  for (const [field, side] of [["from", terms.from], ["to", terms.to]] as const) {
    if (side.basePerOrder === null) throw badRequest(field, "该版本没有写明每单基础单价,无法计算收入 (this version names no base price per order)");
  }
  return json(presentImpact(result), { headers: { "Cache-Control": "no-store" } });
}
