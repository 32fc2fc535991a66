import { and, count, eq, gt, lt, min, type SQL } from "drizzle-orm";
import type { Db } from "~/db/client";
import { loginFailures } from "~/db/schema";

/**
 * Sign-in throttling counts failures only, so a union office behind one address signing in
 * together is never throttled (contract). Guessing one account from one place stops after 5
 * failures — for that place only, so an adversary cannot lock the real owner out from elsewhere;
 * guessing one account from many places stops after 50; spraying many accounts from one place
 * stops after 30. Wrong passwords typed on the sign form count here too (docs/SPEC.md X-2), so a
 * stolen session meets the same limits as a guess at the sign-in page.
 */
export const LOGIN_THROTTLE = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccountAndAddress: 5,
  maxFailuresPerAccount: 50,
  maxFailuresPerAddress: 30,
};

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

async function windowVerdict(db: Db, match: SQL | undefined, limit: number, now: number): Promise<ThrottleVerdict> {
  const since = now - LOGIN_THROTTLE.windowMs;
  const [row] = await db
    .select({ n: count(), oldest: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(match, gt(loginFailures.at, since)));
  if (!row || row.n < limit || row.oldest === null) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.oldest + LOGIN_THROTTLE.windowMs - now) / 1000)) };
}

export async function checkLoginThrottle(db: Db, username: string, address: string, now = Date.now()): Promise<ThrottleVerdict> {
  const account = eq(loginFailures.username, username.toLowerCase());
  const place = eq(loginFailures.address, address);
  const verdicts = [
    await windowVerdict(db, and(account, place), LOGIN_THROTTLE.maxFailuresPerAccountAndAddress, now),
    await windowVerdict(db, account, LOGIN_THROTTLE.maxFailuresPerAccount, now),
    await windowVerdict(db, place, LOGIN_THROTTLE.maxFailuresPerAddress, now),
  ];
  if (verdicts.every((v) => v.allowed)) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(...verdicts.map((v) => v.retryAfterSeconds)) };
}

/*
 * The writers take the `tx` of the caller's `driver.write`: a failure is recorded with its audit
 * entry, and a sign-in clears the account's failures in the transaction that creates the session.
 */

export async function recordLoginFailure(tx: Db, username: string, address: string, now = Date.now()): Promise<void> {
  await tx.insert(loginFailures).values({ username: username.toLowerCase(), address, at: now });
  // Old failures no longer count; prune them so the table stays small.
  await tx.delete(loginFailures).where(lt(loginFailures.at, now - LOGIN_THROTTLE.windowMs));
}

export async function clearAccountFailures(tx: Db, username: string): Promise<void> {
  await tx.delete(loginFailures).where(eq(loginFailures.username, username.toLowerCase()));
}
