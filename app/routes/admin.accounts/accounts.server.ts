import type { AppLoadContext } from "@remix-run/node";
import { listAccounts } from "~/db/queries/accounts";
import { organisationChoices } from "~/db/queries/organisations";
import { createAccount, resetPassword, setAccountDisabled } from "~/server/commands/accountManager";
import { ACCOUNT_INTENTS } from "~/shared/schemas/admin";
import { adminIntent as intent, runAdminIntentForm, type IntentOutcome } from "../../intentForm.server";

/** The accounts page's whitelist: never the password hash. */
export async function accountsPage(context: AppLoadContext, meId: string) {
  const orgs = (await organisationChoices(context.driver.db)).map(({ id, name, kind, parentId }) => ({ id, name, kind, parentId }));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const accounts = await listAccounts(context.driver.db);
  return {
    meId,
    organisations: orgs,
    accounts: accounts.map((a) => ({
      id: a.id,
      username: a.username,
      displayName: a.displayName,
      organisation: a.organisationId ? (orgName.get(a.organisationId) ?? "") : "",
      isAdmin: a.isAdmin,
      disabled: a.disabledAt !== null,
    })),
  };
}

const ACCOUNTS_FORMS = {
  createAccount: intent({ schema: ACCOUNT_INTENTS.createAccount, policy: "manageAccounts", run: (data, { context, actor }) => createAccount(context, actor, data) }),
  resetPassword: intent({
    schema: ACCOUNT_INTENTS.resetPassword,
    policy: "manageAccounts",
    run: (data, { context, actor }) => resetPassword(context, actor, { userId: data.userId, password: data.password }),
  }),
  disableAccount: intent({
    schema: ACCOUNT_INTENTS.disableAccount,
    policy: "manageAccounts",
    run: (data, { context, actor }) => setAccountDisabled(context, actor, { userId: data.userId, disabled: true }),
  }),
  enableAccount: intent({
    schema: ACCOUNT_INTENTS.enableAccount,
    policy: "manageAccounts",
    run: (data, { context, actor }) => setAccountDisabled(context, actor, { userId: data.userId, disabled: false }),
  }),
} satisfies Record<keyof typeof ACCOUNT_INTENTS, unknown>;

export type AccountsActionData = IntentOutcome<typeof ACCOUNTS_FORMS>;

export async function accountsAction(request: Request, context: AppLoadContext) {
  return runAdminIntentForm(request, context, {
    intents: ACCOUNTS_FORMS,
    unknownIntentPolicy: "manageAccounts",
    subjectField: "userId",
    // Echo only harmless fields back into the form, never a password.
    echo: ["username", "displayName", "organisationId"],
  });
}
