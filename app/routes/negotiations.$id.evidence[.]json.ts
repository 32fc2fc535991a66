import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { findingsFor, presentEvidence } from "~/server/evidence/agreementEvidence";
import { requireArea, requireEvidenceText } from "~/server/evidence/evidenceRequest";
import { LIVE } from "~/shared/schemas/version";
import { requireNegotiation } from "../guards.server";
import { langOf } from "../i18n/lang.server";

/** GET /negotiations/:id/evidence.json?version=V (contract): the findings of that text, same access as export.json. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "export", "api");
  const url = new URL(request.url);
  const { area } = await requireArea(langOf(request), context, url.searchParams.get("area"), negotiation.minimumWageArea);
  const text = await requireEvidenceText(langOf(request), context, negotiation.id, "version", url.searchParams.get("version"), LIVE);
  const { floor, findings } = await findingsFor(context.driver.db, negotiation.id, text, { area });
  return json(presentEvidence(floor, findings), { headers: { "Cache-Control": "no-store" } });
}
