import { eq } from "drizzle-orm";
import type { AppLoadContext } from "@remix-run/node";
import { appendAudit } from "../../../db/audit";
import { users } from "../../../db/schema";
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
  const { db, clientAddress } = context;
  const throttle = checkLoginThrottle(db, username, clientAddress);
  if (!throttle.allowed) return { kind: "throttled", retryAfterSeconds: throttle.retryAfterSeconds };

  const user = db.select().from(users).where(eq(users.username, username)).get();
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.disabledAt !== null) {
    db.transaction((tx) => {
      recordLoginFailure(tx, username, clientAddress);
      appendAudit(tx, { negotiationId: null, actorId: user?.id ?? null, action: "auth.login_failed", detail: { username: username.slice(0, 100), address: clientAddress } });
    });
    return { kind: "bad_credentials" };
  }
  return db.transaction((tx) => {
    clearAccountFailures(tx, username);
    const session = createSession(tx, user.id, context.env.sessionSecret);
    appendAudit(tx, { negotiationId: null, actorId: user.id, action: "auth.login", detail: { address: clientAddress } });
    return { kind: "ok" as const, ...session };
  });
}
