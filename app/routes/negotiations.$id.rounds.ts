import { json, type ActionFunctionArgs } from "@remix-run/node";
import { tableRound } from "~/server/commands/roundTabler";
import { tableRoundSchema } from "~/shared/schemas/rounds";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../intentForm.server";

/** The one form: the member's own side's private draft is tabled; who may is the policy's question (the `tableRound` rule, asked by the command). */
const ROUND_FORMS = {
  table: intent({
    schema: tableRoundSchema,
    policy: "read",
    run: (data, { context, actor }) => tableRound(context, actor, { resolutions: data.resolutions }),
    // the clauses changed on both sides, for the chief to resolve one by one.
    detail: (refusal) => ("conflicts" in refusal && refusal.conflicts ? { conflicts: refusal.conflicts } : {}),
  }),
};

export type RoundActionData = IntentOutcome<typeof ROUND_FORMS>;

/**
 * POST /negotiations/:id/rounds form `intent=table` (contract: Caucus drafts). Refusals answer by
 * their code (commandResult.ts): S-7's signed agreement 403, nothing to table or conflicts 409.
 */
export function action({ request, context, params }: ActionFunctionArgs) {
  return runNegotiationIntentForm(request, context, params.id, { intents: ROUND_FORMS, unknownIntentPolicy: "read", kind: "api" });
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
