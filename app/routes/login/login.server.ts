import { redirect, type AppLoadContext } from "@remix-run/node";
import { appendAudit } from "~/db/audit";
import { userByUsername } from "~/db/queries/accounts";
import { checkLoginThrottle, clearAccountFailures, recordLoginFailure } from "~/server/auth/loginThrottle";
import { dummyPasswordHash, verifyPassword } from "~/server/auth/password";
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from "~/server/auth/sessions";
import { serializeCookie } from "~/server/http/cookies";
import { done, refuse, type CommandResult } from "~/server/commands/commandResult";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~/server/seed";
import { loginSchema } from "~/shared/schemas/auth";
import { publicIntent as intent, runPublicIntentForm, type IntentOutcome } from "../../intentForm.server";
import { safeRedirect } from "../../safeRedirect";

/** Shown on the sign-in page in demo mode only. */
export function demoAccounts() {
  return { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, displayName: a.displayName })) };
}

export function sessionCookie(request: Request, token: string): string {
  return serializeCookie(SESSION_COOKIE, token, { maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000), secure: request.url.startsWith("https:") });
}

/** Checks throttling (429, Retry-After), then the password; one answer (401) for any wrong part, audited either way. */
export async function logIn(context: AppLoadContext, username: string, password: string): Promise<CommandResult<{ token: string; expiresAt: number }>> {
  const { driver, clientAddress } = context;
  const throttle = await checkLoginThrottle(driver.db, username, clientAddress);
  if (!throttle.allowed) return { ...refuse("throttled", { key: "auth.throttled" }), retryAfterSeconds: throttle.retryAfterSeconds };

  const user = await userByUsername(driver.db, username);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabledAt !== null) {
    await driver.write(async (tx) => {
      await recordLoginFailure(tx, username, clientAddress);
      await appendAudit(tx, { negotiationId: null, actorId: user?.id ?? null, action: "auth.login_failed", detail: { username: username.slice(0, 100), address: clientAddress } });
    });
    return refuse("bad_credentials", { key: "auth.badCredentials" });
  }
  return driver.write(async (tx) => {
    await clearAccountFailures(tx, username);
    const session = await createSession(tx, user.id, context.env.sessionSecret);
    await appendAudit(tx, { negotiationId: null, actorId: user.id, action: "auth.login", detail: { address: clientAddress } });
    return done(session);
  });
}

const LOGIN_FORMS = {
  login: intent({
    schema: loginSchema,
    policy: "anyone",
    run: ({ username, password }, { context }) => logIn(context, username, password),
    answer: (session, { redirectTo }, { request }) =>
      redirect(safeRedirect(redirectTo, "/negotiations", new URL(request.url).origin), { headers: { "Set-Cookie": sessionCookie(request, session.token) } }),
  }),
};

export type LoginActionData = IntentOutcome<typeof LOGIN_FORMS>;

/** The sign-in form: the username is echoed into a refused form, never the password. */
export function loginAction(request: Request, context: AppLoadContext) {
  return runPublicIntentForm(request, context, { intents: LOGIN_FORMS, defaultIntent: "login", echo: ["username"] });
}
