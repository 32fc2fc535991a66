import { json, type ActionFunctionArgs } from "@remix-run/node";
import { answerProposal } from "../../server/commands/proposalAnswerer";
import { requireNegotiation } from "../guards.server";

const STATUS = { forbidden: 403, already_answered: 409 } as const;

/** POST /negotiations/:id/answer — the written answer to the 要约 (集体合同规定第三十二条). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { negotiation, membership, user } = requireNegotiation(request, context, params.id, "read", "api");
  const outcome = answerProposal(context.db, { negotiation, membership, userId: user.id });
  if (!outcome.ok) return json({ ok: false, message: outcome.message }, { status: STATUS[outcome.code] });
  context.events.publish(negotiation.id, { kind: "workflow" });
  return json({ ok: true, answeredOn: outcome.answeredOn });
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
