import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flattenTree } from "~/shared/orgTree";
import { ACCOUNT_INTENTS, MIN_PASSWORD_CHARS } from "~/shared/schemas/admin";
import { requireAdministration } from "../../adminGuard.server";
import { AdminHeader } from "../../components/AdminNav";
import { useIntentForms } from "../../components/useIntentForms";
import { errorProps, Field, FieldError, FormAlert } from "../../components/FormField";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { accountsAction, accountsPage } from "./accounts.server";
import { DataTable } from "../../components/DataTable";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageAccounts");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAdministration(request, context, "manageAccounts");
  return json(await accountsPage(context, user.id));
}

export async function action({ request, context }: ActionFunctionArgs) {
  return accountsAction(request, context);
}


export default function Accounts() {
  const { accounts, organisations, meId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { errorsFor, check, valuesFor } = useIntentForms(ACCOUNT_INTENTS, result);
  const createErrors = errorsFor("createAccount");
  const values = valuesFor("createAccount");
  const tree = flattenTree(organisations);

  return (
    <div className="page">
      <AdminHeader title={t.accounts} saved={result?.ok && t.adminSaved} />
      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title">{format(t.accountsCount, { count: accounts.length })}</h2>
        <DataTable testId="accounts-table" wrap="table-wrap" columns={[t.username, t.personName, t.organisation, t.status, t.actions]}>
          {accounts.map((a) => {
            const key = `account-${a.id}`;
            const errors = errorsFor(a.id);
            return (
              <tr key={a.id} data-username={a.username} className={a.disabled ? "disabled-account" : undefined}>
                <td>
                  <code>{a.username}</code>
                  {a.isAdmin ? <span className="tag">{t.accountAdmin}</span> : null}
                </td>
                <td>{a.displayName}</td>
                <td>{a.organisation || "—"}</td>
                <td>{a.disabled ? t.accountDisabled : t.accountActive}</td>
                <td>
                  <Form method="post" className="seat-form" noValidate onSubmit={check(a.id)} aria-label={format(t.accountActionsOf, { username: a.username })}>
                    <input type="hidden" name="userId" value={a.id} />
                    <label>
                      <span className="visually-hidden">{format(t.newPasswordFor, { username: a.username })}</span>
                      <input type="password" name="password" autoComplete="new-password" placeholder={t.newPassword} {...errorProps(`${key}-password-error`, errors.password)} />
                    </label>
                    <button type="submit" name="intent" value="resetPassword" className="small" disabled={busy}>
                      {t.resetPassword}
                    </button>
                    {a.id === meId ? null : a.disabled ? (
                      <button type="submit" name="intent" value="enableAccount" className="small" disabled={busy}>
                        {t.enableAccount}
                      </button>
                    ) : (
                      <button type="submit" name="intent" value="disableAccount" className="small" disabled={busy}>
                        {t.disableAccount}
                      </button>
                    )}
                  </Form>
                  <FieldError id={`${key}-password-error`} message={errors.password} />
                  {errors._form ? (
                    <p className="field-error" role="alert">
                      {errors._form}
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
        <p className="hint">{t.disableHint}</p>
      </section>

      <section className="card" aria-labelledby="new-account-title">
        <h2 id="new-account-title">{t.accountAdd}</h2>
        <Form method="post" className="form" noValidate onSubmit={check("createAccount")}>
          <FormAlert message={createErrors._form} />
          <Field label={t.username} id="new-username" error={createErrors.username}>
            <input name="username" autoComplete="off" defaultValue={values.username} />
          </Field>
          <Field label={t.personName} id="new-displayName" error={createErrors.displayName}>
            <input name="displayName" defaultValue={values.displayName} />
          </Field>
          <Field label={t.password} id="new-password" error={createErrors.password} hint={format(t.passwordHint, { min: MIN_PASSWORD_CHARS })}>
            <input type="password" name="password" autoComplete="new-password" />
          </Field>
          <Field label={t.organisation} id="new-organisationId" error={createErrors.organisationId}>
            <select name="organisationId" defaultValue={values.organisationId ?? ""}>
              <option value="">{t.none}</option>
              {tree.map((r) => (
                <option key={r.node.id} value={r.node.id}>
                  {"\u3000".repeat(r.depth)}
                  {r.node.name}
                </option>
              ))}
            </select>
          </Field>
          <label className="inline">
            <input type="checkbox" name="isAdmin" />
            {t.accountIsAdmin}
          </label>
          <button type="submit" name="intent" value="createAccount" className="primary" disabled={busy}>
            {t.accountAddSubmit}
          </button>
        </Form>
      </section>
    </div>
  );
}
