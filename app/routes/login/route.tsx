import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { loginSchema } from "../../../shared/schemas/auth";
import { fieldErrorsOf } from "../../../shared/schemas/intents";
import { currentUser } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import { safeRedirect } from "../../safeRedirect";
import { demoAccounts, logIn, sessionCookie } from "./login.server";

export const meta: MetaFunction = () => [{ title: "登录 · 同商" }];

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

type ActionData = { errors?: Record<string, string>; failure?: "bad_credentials" | "throttled"; retryAfterSeconds?: number; username?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = loginSchema.safeParse(form);
  if (!parsed.success) return json<ActionData>({ errors: fieldErrorsOf(parsed.error.issues), username: String(form.username ?? "") }, { status: 400 });
  const { username, password, redirectTo } = parsed.data;
  const outcome = await logIn(context, username, password);
  if (outcome.kind === "throttled") {
    return json<ActionData>(
      { failure: "throttled", retryAfterSeconds: outcome.retryAfterSeconds, username },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  if (outcome.kind === "bad_credentials") return json<ActionData>({ failure: "bad_credentials", username }, { status: 401 });
  return redirect(safeRedirect(redirectTo, "/negotiations", new URL(request.url).origin), {
    headers: { "Set-Cookie": sessionCookie(request, outcome.token) },
  });
}

export default function Login() {
  const { demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const errors = { ...result?.errors, ...clientErrors };
  const failure =
    result?.failure === "throttled" ? format(t.tooManyAttempts, { seconds: result.retryAfterSeconds ?? 60 }) : result?.failure === "bad_credentials" ? t.badCredentials : null;

  return (
    <div className="page narrow login-page">
      <h1>{t.signInTitle}</h1>
      <Form
        method="post"
        noValidate
        className="card form"
        onSubmit={(event) => {
          const parsed = loginSchema.safeParse(Object.fromEntries(new FormData(event.currentTarget)));
          if (!parsed.success) {
            event.preventDefault();
            setClientErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
          } else setClientErrors({});
        }}
      >
        {failure ? (
          <p className="form-error" role="alert" data-testid="login-error">
            {failure}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <label>
          {t.username}
          <input name="username" autoComplete="username" defaultValue={result?.username} aria-invalid={Boolean(errors.username)} aria-describedby="username-error" />
        </label>
        {errors.username ? (
          <span id="username-error" className="field-error">
            {errors.username}
          </span>
        ) : null}
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" aria-invalid={Boolean(errors.password)} aria-describedby="password-error" />
        </label>
        {errors.password ? (
          <span id="password-error" className="field-error">
            {errors.password}
          </span>
        ) : null}
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
