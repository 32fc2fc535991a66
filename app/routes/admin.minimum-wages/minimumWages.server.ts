import { json, type AppLoadContext } from "@remix-run/node";
import { listMinimumWageRounds } from "../../../db/queries/minimumWages";
import { recordMinimumWageRound } from "../../../server/commands/minimumWageRecorder";
import { newMinimumWageRoundSchema } from "../../../shared/schemas/evidence";
import { requireAdministration } from "../../adminGuard.server";
import { fieldErrors } from "../../guards.server";

export function minimumWagesPage(context: AppLoadContext) {
  return { rounds: listMinimumWageRounds(context.db) };
}

export type MinimumWagesActionData = { errors?: Record<string, string>; saved?: boolean };

/** An administrator enters a new round: parse → policy → command (EV-2). */
export async function minimumWagesAction(request: Request, context: AppLoadContext) {
  const user = requireAdministration(request, context, "manageMinimumWages");
  const parsed = newMinimumWageRoundSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json<MinimumWagesActionData>({ errors: fieldErrors(parsed.error.issues) }, { status: 400 });
  const result = recordMinimumWageRound(context.db, user.id, parsed.data);
  if (!result.ok) return json<MinimumWagesActionData>({ errors: { [result.field ?? "_form"]: result.message } }, { status: 409 });
  return json<MinimumWagesActionData>({ saved: true });
}
