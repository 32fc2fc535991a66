import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { currentUser } from "./guards.server";
import { userHasLedger } from "./navigation.server";
import type { Lang } from "./i18n/catalogue";
import { langOf } from "./i18n/lang.server";
import { appTitle } from "./i18n/pageTitle";
import { useT } from "./i18n/useT";
import { clearLocalDrafts } from "./editor/localDrafts";
import { useNonce } from "./nonce";
import stylesheet from "./styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The default title; a route's own meta replaces it. */
export const meta = appTitle;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  return json({
    lang: langOf(request),
    user: user && { id: user.id, displayName: user.displayName, username: user.username, isAdmin: user.isAdmin },
    hasLedger: user ? await userHasLedger(context, user) : false,
  });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const lang: Lang = data?.lang ?? "zh";
  const nonce = useNonce();
  return (
    <html lang={lang === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const t = useT();
  const location = useLocation();
  return (
    <header className="app-header">
      <a href="#main" className="skip-link">
        {t.skipToContent}
      </a>
      <Link to="/" className="brand">
        <span className="brand-mark" aria-hidden="true">
          同
        </span>
        <span>
          {t.appName}
          <small>{t.appTagline}</small>
        </span>
      </Link>
      <nav aria-label={t.appName}>
        {data?.user?.isAdmin ? <Link to="/admin">{t.admin}</Link> : null}
        {data?.hasLedger ? <Link to="/ledger">{t.ledgerNav}</Link> : null}
        <Form method="post" action="/language" className="inline-form">
          <input type="hidden" name="lang" value={data?.lang === "en" ? "zh" : "en"} />
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" className="link-button" data-testid="switch-language">
            {t.switchLanguage}
          </button>
        </Form>
        {data?.user ? (
          <>
            <span className="who">{data.user.displayName}</span>
            <Form
              method="post"
              action="/logout"
              className="inline-form"
              onSubmit={(event) => {
                // Clear this browser's offline drafts before the session ends, then sign out.
                event.preventDefault();
                const form = event.currentTarget;
                void clearLocalDrafts().finally(() => form.submit());
              }}
            >
              <button type="submit" className="link-button">
                {t.signOut}
              </button>
            </Form>
          </>
        ) : null}
      </nav>
    </header>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <>
      <Header />
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  let status = 500;
  let message = t.serverError;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const fromServer = typeof error.data === "object" && error.data && "message" in error.data ? String(error.data.message) : null;
    message = status === 404 ? t.notFound : status === 403 ? (fromServer ?? t.forbidden) : status === 401 ? t.unauthorised : (fromServer ?? message);
  }
  return (
    <>
      <Header />
      <main id="main" className="page narrow">
        <h1>
          {t.errorTitle} {status}
        </h1>
        <p role="alert">{message}</p>
        <p>
          <Link to="/">{t.home}</Link>
        </p>
      </main>
    </>
  );
}
