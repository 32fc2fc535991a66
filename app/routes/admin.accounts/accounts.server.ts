import { json, type AppLoadContext } from "@remix-run/node";
import { asc } from "drizzle-orm";
import { organisations, users } from "../../../db/schema";
import { createAccount, resetPassword, setAccountDisabled } from "../../../server/commands/accountManager";
import type { CommandResult } from "../../../server/commands/commandResult";
import { ACCOUNT_INTENTS, intentOf } from "../../../shared/schemas/admin";
import { requireAdministration } from "../../adminGuard.server";
import { fieldErrors } from "../../guards.server";

/** The accounts page's whitelist: never the password hash. */
export function accountsPage(context: AppLoadContext, meId: string) {
  const orgs = context.db.select({ id: organisations.id, name: organisations.name, kind: organisations.kind, parentId: organisations.parentId }).from(organisations).all();
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const accounts = context.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, organisationId: users.organisationId, isAdmin: users.isAdmin, disabledAt: users.disabledAt })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.username))
    .all();
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

export type AccountsActionData = { intent: string | null; userId?: string; errors?: Record<string, string>; saved?: boolean; values?: Record<string, string> };

export async function accountsAction(request: Request, context: AppLoadContext) {
  const actor = requireAdministration(request, context, "manageAccounts");
  const form = Object.fromEntries(await request.formData());
  const intent = intentOf(ACCOUNT_INTENTS, form.intent);
  const userId = typeof form.userId === "string" ? form.userId : undefined;
  // Echo only harmless fields back into the form, never a password.
  const values = { username: String(form.username ?? ""), displayName: String(form.displayName ?? ""), organisationId: String(form.organisationId ?? "") };
  if (!intent) return json<AccountsActionData>({ intent: null, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const parsed = ACCOUNT_INTENTS[intent].safeParse(form);
  if (!parsed.success) return json<AccountsActionData>({ intent, userId, values, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
  const data = parsed.data;
  let result: CommandResult<unknown>;
  if (data.intent === "createAccount") result = await createAccount(context.db, actor, data);
  else if (data.intent === "resetPassword") result = await resetPassword(context.db, actor, data.userId, data.password);
  else result = setAccountDisabled(context.db, actor, data.userId, data.intent === "disableAccount");
  if (!result.ok) return json<AccountsActionData>({ intent, userId, values, errors: { [result.field ?? "_form"]: result.message } }, { status: result.code === "username_taken" ? 409 : 400 });
  // Disabling an account (or resetting its password) ends its sessions: its open live-draft sockets too.
  if (data.intent !== "createAccount") context.collab.reauthorise(data.userId);
  return json<AccountsActionData>({ intent, userId, saved: true });
}
