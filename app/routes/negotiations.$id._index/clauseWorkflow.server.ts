import { json, type AppLoadContext } from "@remix-run/node";
import { done } from "~/server/commands/commandResult";
import { changeClauseStatus } from "~/server/commands/clauseStatusChanger";
import { answerProposal } from "~/server/commands/proposalAnswerer";
import { confirmTentativeAgreement } from "~/server/commands/tentativeAgreementConfirmer";
import type { NegotiationAction } from "~/server/policies/negotiation";
import { RECORD_ID_PATTERN } from "~/shared/agreement";
import { z } from "zod";
import { clauseActionSchema } from "~/shared/schemas/clause";
import { refusalText } from "~/shared/i18n/refusals";
import { requireNegotiation, type NegotiationAccess } from "../../guards.server";
import { intentsFor, negotiationIntent, runIntentForm, runNegotiationIntentForm } from "../../intentForm.server";
import { langOf } from "../../i18n/lang.server";

/**
 * The workspace's clause workflow posts (docs/SPEC.md W-2…W-4) and the answer to the 要约, sent by
 * the clause panel and the clocks with fetch. The commands decide who may confirm or move a clause.
 */
interface ClauseAccess {
  context: AppLoadContext;
  access: NegotiationAccess;
  clauseId: string;
}

const intent = intentsFor<ClauseAccess, NegotiationAction>();
const [confirmSchema, statusSchema] = clauseActionSchema.options;

const CLAUSE_FORMS = {
  confirm_ta: intent({
    schema: confirmSchema,
    policy: "read",
    run: async (_data, { context, access: { negotiation, user, membership }, clauseId }) => {
      const outcome = await confirmTentativeAgreement(context, { negotiation, userId: user.id, membership }, { clauseId });
      return outcome.ok ? done({ state: outcome.state }) : outcome;
    },
  }),
  status: intent({
    schema: statusSchema,
    policy: "read",
    run: async (data, { context, access: { negotiation, user, membership }, clauseId }) => {
      const outcome = await changeClauseStatus(context, { negotiation, userId: user.id, membership }, { clauseId, to: data.to });
      return outcome.ok ? done(null) : outcome;
    },
  }),
};

/** POST /negotiations/:id/clauses/:clauseId — confirm a tentative agreement or change the clause's status. */
export async function clauseAction(request: Request, context: AppLoadContext, id: string | undefined, clauseId: string | undefined) {
  return runIntentForm(request, {
    intents: CLAUSE_FORMS,
    unknownIntentPolicy: "read",
    authorise: async (action: NegotiationAction): Promise<ClauseAccess> => {
      const access = await requireNegotiation(request, context, id, action, "api");
      if (!clauseId || !RECORD_ID_PATTERN.test(clauseId)) throw json({ ok: false, code: "no_such_clause", message: refusalText(langOf(request), { key: "request.noSuchClause" }) }, { status: 404 });
      return { context, access, clauseId };
    },
  });
}

/** POST /negotiations/:id/answer — the written answer to the 要约 (集体合同规定第三十二条): no fields, one command that asks who may. */
const ANSWER_FORMS = {
  answer: negotiationIntent({
    schema: z.object({}),
    policy: "read",
    run: async (_data, { context, actor }) => {
      const outcome = await answerProposal(context, actor, {});
      return outcome.ok ? done({ answeredOn: outcome.answeredOn }) : outcome;
    },
  }),
};

export function answerAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, { intents: ANSWER_FORMS, unknownIntentPolicy: "read", defaultIntent: "answer", kind: "api" });
}
