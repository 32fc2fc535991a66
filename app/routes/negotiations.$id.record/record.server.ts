import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { signatureRecordFacts } from "~/db/queries/signatureRecord";
import { presentSignatureRecord } from "~/server/presenters/signatureRecord";
import { requireNegotiation } from "../../guards.server";

/** 签署记录: the presenter the exports print, plus the audit chain's badge. */
export async function loadSignatureRecord({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "read");
  return json(presentSignatureRecord(await signatureRecordFacts(context.driver.db, negotiation.id)), { headers: { "Cache-Control": "no-store" } });
}
