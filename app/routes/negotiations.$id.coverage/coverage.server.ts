import { json, type AppLoadContext } from "@remix-run/node";
import { updateCoverage } from "../../../server/commands/coverageUpdater";
import { canUpdateCoverage } from "../../../server/policies/ledger";
import { coverageFormSchema } from "../../../shared/schemas/ledger";
import { fieldErrorsOf } from "../../../shared/schemas/intents";
import { requireNegotiation } from "../../guards.server";
import { refusalMessage } from "../../../server/commands/commandResult";
import { refusalText } from "../../../shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";

/** The coverage form's data (docs/SPEC.md L-6): any participant reads it; the policy says who edits. */
export async function coverageLoader(request: Request, context: AppLoadContext, id: string | undefined) {
  const { negotiation, membership } = await requireNegotiation(request, context, id, "read");
  return json(
    {
      negotiation: { id: negotiation.id, title: negotiation.title },
      coverage: { enterprises: negotiation.coverageEnterprises, workers: negotiation.coverageWorkers, algorithmConsultedOn: negotiation.algorithmConsultedOn },
      canEdit: canUpdateCoverage(membership),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

/** POST: parse → policy → command; 400 with field errors, 403 for a role that may not. */
export async function coverageAction(request: Request, context: AppLoadContext, id: string | undefined) {
  const { negotiation, membership, user } = await requireNegotiation(request, context, id, "read", "api");
  if (!canUpdateCoverage(membership)) {
    return json({ ok: false as const, errors: { _form: refusalText(langOf(request), { key: "coverage.forbidden" }) } }, { status: 403 });
  }
  const form = Object.fromEntries(await request.formData());
  const parsed = coverageFormSchema.safeParse(form);
  if (!parsed.success) return json({ ok: false as const, errors: fieldErrorsOf(parsed.error.issues) }, { status: 400 });
  const result = await updateCoverage(context.driver, { negotiation, membership, userId: user.id }, parsed.data);
  if (!result.ok) return json({ ok: false as const, errors: { [result.field ?? "_form"]: refusalMessage(result, langOf(request)) } }, { status: result.code === "forbidden" ? 403 : 400 });
  return json({ ok: true as const, errors: {} as Record<string, string> });
}
