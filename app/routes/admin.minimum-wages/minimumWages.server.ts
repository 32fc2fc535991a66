import type { AppLoadContext } from "@remix-run/node";
import { listMinimumWageRounds } from "~/db/queries/minimumWages";
import { recordMinimumWageRound } from "~/server/commands/minimumWageRecorder";
import { newMinimumWageRoundSchema } from "~/shared/schemas/evidence";
import { adminIntent as intent, runAdminIntentForm, type IntentOutcome } from "../../intentForm.server";

export async function minimumWagesPage(context: AppLoadContext) {
  return { rounds: await listMinimumWageRounds(context.driver.db) };
}

/** An administrator enters a new round (EV-2); an existing area and date is refused 409 (round_exists). */
const MINIMUM_WAGE_FORMS = {
  addRound: intent({ schema: newMinimumWageRoundSchema, policy: "manageMinimumWages", run: (data, { context, actor }) => recordMinimumWageRound(context, actor, data) }),
};

export type MinimumWagesActionData = IntentOutcome<typeof MINIMUM_WAGE_FORMS>;

export async function minimumWagesAction(request: Request, context: AppLoadContext) {
  return runAdminIntentForm(request, context, { intents: MINIMUM_WAGE_FORMS, unknownIntentPolicy: "manageMinimumWages", echo: ["province", "tier", "monthly", "hourly", "effectiveFrom", "source"] });
}
