import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";

export type UserRow = typeof users.$inferSelect;

/** The accounts the administration page lists, oldest first: never the password hash. */
export async function listAccounts(db: Db) {
  return await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, organisationId: users.organisationId, isAdmin: users.isAdmin, disabledAt: users.disabledAt })
    .from(users)
    .orderBy(asc(users.createdAt), asc(users.username));
}

/** The account a sign-in names (with its password hash: only the sign-in check reads this). */
export async function userByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.username, username)).limit(1))[0];
}

/** The organisation an account belongs to, or null without one. */
export async function organisationOfUser(db: Db, userId: string): Promise<string | null> {
  return (await db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, userId)).limit(1))[0]?.organisationId ?? null;
}
