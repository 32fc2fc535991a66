import { json, type ActionFunctionArgs } from "@remix-run/node";
import { changeClauseStatus } from "../../server/commands/clauseStatusChanger";
import { confirmTentativeAgreement } from "../../server/commands/tentativeAgreementConfirmer";
import { clauseActionSchema } from "../../shared/schemas/clause";
import { fieldErrors, requireNegotiation } from "../guards.server";
import { RECORD_ID_PATTERN } from "../../shared/agreement";

const STATUS_FOR: Record<string, number> = { forbidden: 403, no_such_clause: 404 };

/** POST /negotiations/:id/clauses/:clauseId — confirm a tentative agreement or change the clause's status. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { negotiation, membership, user } = requireNegotiation(request, context, params.id, "read", "api");
  if (!params.clauseId || !RECORD_ID_PATTERN.test(params.clauseId)) return json({ ok: false, message: "条款不存在 (no such clause)" }, { status: 404 });
  const parsed = clauseActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, errors: fieldErrors(parsed.error.issues), message: "请求无效 (invalid request)" }, { status: 400 });
  const clauseId = params.clauseId;
  if (parsed.data.intent === "confirm_ta") {
    const outcome = await confirmTentativeAgreement(context, { negotiation, userId: user.id, membership, clauseId });
    if (!outcome.ok) return json({ ok: false, message: outcome.message }, { status: STATUS_FOR[outcome.code] });
    return json({ ok: true, state: outcome.state });
  }
  const content = await context.collab.readAgreement(negotiation.id);
  const outcome = changeClauseStatus(context.db, { negotiation, content, userId: user.id, membership, clauseId, to: parsed.data.to });
  if (!outcome.ok) return json({ ok: false, message: outcome.message }, { status: STATUS_FOR[outcome.code] });
  context.events.publish(negotiation.id, { kind: "workflow" });
  return json({ ok: true });
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
