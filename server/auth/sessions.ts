import { createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions, users } from "../../db/schema";

export const SESSION_COOKIE = "ts_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // one working day at the table

export type SessionUser = Pick<typeof users.$inferSelect, "id" | "username" | "displayName" | "isAdmin" | "organisationId">;

/** The table keeps only an HMAC of the token: a leaked database cannot be replayed as cookies. */
function sessionId(token: string, secret: string): string {
  return createHmac("sha256", secret).update(token).digest("hex");
}

export function createSession(db: Db, userId: string, secret: string, now = Date.now()): { token: string; expiresAt: number } {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + SESSION_TTL_MS;
  db.insert(sessions).values({ id: sessionId(token, secret), userId, createdAt: now, expiresAt }).run();
  return { token, expiresAt };
}

export function userForSession(db: Db, token: string | undefined, secret: string, now = Date.now()): SessionUser | null {
  if (!token || token.length > 200) return null;
  const row = db
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
    .get();
  if (!row || row.disabledAt !== null) return null;
  const { disabledAt: _disabled, ...user } = row;
  return user;
}

export function revokeSession(db: Db, token: string, secret: string, now = Date.now()): void {
  db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, sessionId(token, secret))).run();
}

export function revokeUserSessions(db: Db, userId: string, now = Date.now()): void {
  db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).run();
}
