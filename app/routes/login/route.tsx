import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { loginSchema } from "~/shared/schemas/auth";
import { Field } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { currentUser } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { demoAccounts, loginAction, type LoginActionData } from "./login.server";

const LOGIN_SCHEMAS = { login: loginSchema };

export const meta = pageTitle("pageLogin");

/** A document POST keeps the action's Retry-After (Remix drops action headers without this). */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  const headers = new Headers();
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await currentUser(request, context)) throw redirect("/negotiations");
  return json({
    demo: context.env.demo ? demoAccounts() : null,
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return loginAction(request, context);
}

export default function Login() {
  const { demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as LoginActionData | undefined;
  const { errorsFor, valuesFor, check } = useIntentForms(LOGIN_SCHEMAS, result);
  const t = useT();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = errorsFor("login");
  const refusal = result && !result.ok ? result : null;
  // The page's own words for the sign-in's two refusals (the message follows the language switch).
  const failure = refusal?.code === "throttled" ? format(t.tooManyAttempts, { seconds: refusal.retryAfterSeconds ?? 60 }) : refusal?.code === "bad_credentials" ? t.badCredentials : null;

  return (
    <div className="page narrow login-page">
      <h1>{t.signInTitle}</h1>
      <Form method="post" noValidate className="card form" onSubmit={check("login")}>
        {failure ? (
          <p className="form-error" role="alert" data-testid="login-error">
            {failure}
          </p>
        ) : null}
        <input type="hidden" name="intent" value="login" />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field label={t.username} id="username" error={errors.username}>
          <input name="username" autoComplete="username" defaultValue={valuesFor("login").username} />
        </Field>
        <Field label={t.password} id="password" error={errors.password}>
          <input name="password" type="password" autoComplete="current-password" />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t.signIn}
        </button>
      </Form>
      {demo ? (
        <section className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">{t.demoAccountsTitle}</h2>
          <p>
            {t.demoAccountsHint} <code>{demo.password}</code>
          </p>
          <ul>
            {demo.accounts.map((a) => (
              <li key={a.username}>
                <code>{a.username}</code> {a.displayName}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
