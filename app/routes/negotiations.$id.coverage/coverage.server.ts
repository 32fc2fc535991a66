import { json, type AppLoadContext } from "@remix-run/node";
import { updateCoverage } from "~/server/commands/coverageUpdater";
import { refuse } from "~/server/commands/commandResult";
import { can } from "~/server/policies/negotiation";
import { coverageFormSchema } from "~/shared/schemas/ledger";
import { requireNegotiation } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";

/** The coverage form's data (docs/SPEC.md L-6): any participant reads it; the policy says who edits. */
export async function coverageLoader(request: Request, context: AppLoadContext, id: string | undefined) {
  const { negotiation, abilities } = await requireNegotiation(request, context, id, "read");
  return json(
    {
      negotiation: { id: negotiation.id, title: negotiation.title },
      coverage: { enterprises: negotiation.coverageEnterprises, workers: negotiation.coverageWorkers, algorithmConsultedOn: negotiation.algorithmConsultedOn },
      canEdit: abilities.updateCoverage,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** The one form of the page: asked of the coverage policy before its figures are checked (403 first). */
export const COVERAGE_FORMS = {
  coverage: intent({
    schema: coverageFormSchema,
    policy: "read",
    permits: ({ actor }) => (can(actor.membership, "updateCoverage", actor.facts) ? null : refuse("forbidden", { key: "coverage.forbidden" })),
    run: (data, { context, actor }) => updateCoverage(context, actor, data),
  }),
};

export type CoverageActionData = IntentOutcome<typeof COVERAGE_FORMS>;

export function coverageAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, { intents: COVERAGE_FORMS, unknownIntentPolicy: "read", defaultIntent: "coverage", kind: "api" });
}
