import { and, count, eq, gt, lt, min } from "drizzle-orm";
import type { Db } from "../../db/client";
import { loginFailures } from "../../db/schema";

/**
 * Sign-in throttling counts failures only, so a union office behind one address signing in
 * together is never throttled (contract). Per account it stops password guessing; per address
 * it stops spraying many accounts from one place.
 */
export const LOGIN_THROTTLE = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 30,
};

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

function windowVerdict(db: Db, column: typeof loginFailures.username | typeof loginFailures.address, value: string, limit: number, now: number): ThrottleVerdict {
  const since = now - LOGIN_THROTTLE.windowMs;
  const row = db
    .select({ n: count(), oldest: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(eq(column, value), gt(loginFailures.at, since)))
    .get();
  if (!row || row.n < limit || row.oldest === null) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.oldest + LOGIN_THROTTLE.windowMs - now) / 1000)) };
}

export function checkLoginThrottle(db: Db, username: string, address: string, now = Date.now()): ThrottleVerdict {
  const account = windowVerdict(db, loginFailures.username, username.toLowerCase(), LOGIN_THROTTLE.maxFailuresPerAccount, now);
  const place = windowVerdict(db, loginFailures.address, address, LOGIN_THROTTLE.maxFailuresPerAddress, now);
  if (account.allowed && place.allowed) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(account.retryAfterSeconds, place.retryAfterSeconds) };
}

export function recordLoginFailure(db: Db, username: string, address: string, now = Date.now()): void {
  db.insert(loginFailures).values({ username: username.toLowerCase(), address, at: now }).run();
  // Old failures no longer count; prune them so the table stays small.
  db.delete(loginFailures).where(lt(loginFailures.at, now - LOGIN_THROTTLE.windowMs)).run();
}

export function clearAccountFailures(db: Db, username: string): void {
  db.delete(loginFailures).where(eq(loginFailures.username, username.toLowerCase())).run();
}
