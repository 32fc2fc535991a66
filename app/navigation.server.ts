import type { AppLoadContext } from "@remix-run/node";
import { organisationKindOf } from "~/db/queries/negotiations";
import type { SessionUser } from "~/server/auth/sessions";
import { hasLedger } from "~/server/policies/ledger";

/** Whether the navigation links the ledger for this user (L-10): the ledger policy decides. */
export async function userHasLedger(context: AppLoadContext, user: SessionUser): Promise<boolean> {
  return hasLedger(user, await organisationKindOf(context.driver.db, user.organisationId));
}
