import { createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "~/db/client";
import { sessions, users } from "~/db/schema";

export const SESSION_COOKIE = "ts_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // one working day at the table

export type SessionUser = Pick<typeof users.$inferSelect, "id" | "username" | "displayName" | "isAdmin" | "organisationId">;

/** The table keeps only an HMAC of the token: a leaked database cannot be replayed as cookies. */
function sessionId(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("hex");
}

/*
 * The functions that write (create, revoke) take the `tx` of the caller's `driver.write`: every
 * caller writes them together with something else (the audit entry of a sign-in or sign-out, the
 * cleared failures, an account's change), in one transaction. Reads take any `Db` (`driver.db`).
 */

export async function createSession(tx: Db, userId: string, secret: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + SESSION_TTL_MS;
  await tx.insert(sessions).values({ id: sessionId(token, secret), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export async function userForSession(db: Db, token: string | undefined, secret: string, now = Date.now()): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      isAdmin: users.isAdmin,
      organisationId: users.organisationId,
      disabledAt: users.disabledAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId(token, secret)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row || row.disabledAt !== null) return null;
  const { disabledAt: _disabled, ...user } = row;
  return user;
}

export async function revokeSession(tx: Db, token: string, secret: string, now = Date.now()): Promise<void> {
  await tx.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId(token, secret)));
}

export async function revokeUserSessions(tx: Db, userId: string, now = Date.now()): Promise<void> {
  await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
