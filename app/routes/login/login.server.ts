import type { AppLoadContext } from "@remix-run/node";
import { appendAudit } from "../../../db/audit";
import { userByUsername } from "../../../db/queries/accounts";
import { checkLoginThrottle, clearAccountFailures, recordLoginFailure } from "../../../server/auth/loginThrottle";
import { dummyPasswordHash, verifyPassword } from "../../../server/auth/password";
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from "../../../server/auth/sessions";
import { serializeCookie } from "../../../server/http/cookies";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../../server/seed";

/** Shown on the sign-in page in demo mode only. */
export function demoAccounts() {
  return { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, displayName: a.displayName })) };
}

export function sessionCookie(request: Request, token: string): string {
  return serializeCookie(SESSION_COOKIE, token, { maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000), secure: request.url.startsWith("https:") });
}

export type LoginOutcome =
  | { kind: "ok"; token: string; expiresAt: number }
  | { kind: "bad_credentials" }
  | { kind: "throttled"; retryAfterSeconds: number };

/** Checks throttling, then the password; one answer for any wrong part, audited either way. */
export async function logIn(context: AppLoadContext, username: string, password: string): Promise<LoginOutcome> {
  const { driver, clientAddress } = context;
  const throttle = await checkLoginThrottle(driver.db, username, clientAddress);
  if (!throttle.allowed) return { kind: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };

  const user = await userByUsername(driver.db, username);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabledAt !== null) {
    await driver.write(async (tx) => {
      await recordLoginFailure(tx, username, clientAddress);
      await appendAudit(tx, { negotiationId: null, actorId: user?.id ?? null, action: "auth.login_failed", detail: { username: username.slice(0, 100), address: clientAddress } });
    });
    return { kind: "bad_credentials" };
  }
  return driver.write(async (tx) => {
    await clearAccountFailures(tx, username);
    const session = await createSession(tx, user.id, context.env.sessionSecret);
    await appendAudit(tx, { negotiationId: null, actorId: user.id, action: "auth.login", detail: { address: clientAddress } });
    return { kind: "ok" as const, ...session };
  });
}
