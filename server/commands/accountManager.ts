import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { Driver } from "../../db/driver";
import { appendAudit } from "../../db/audit";
import { isUniqueViolation } from "../../db/errors";
import { organisations, users } from "../../db/schema";
import { hashPassword } from "../auth/password";
import { revokeUserSessions } from "../auth/sessions";
import { newId } from "../ids";
import { canChangeAccount, type AdminActor } from "../policies/admin";
import { done, refuse, type CommandResult } from "./commandResult";

/** Accounts: created and reset with argon2id hashes; disabling one ends its sessions at once. Passwords never reach the audit log. */

export interface AccountInput {
  username: string;
  displayName: string;
  password: string;
  organisationId: string | null;
  isAdmin: boolean;
}

async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1)).length > 0;
}

export async function createAccount(driver: Driver, actor: AdminActor, input: AccountInput): Promise<CommandResult<{ id: string }>> {
  const taken = () => refuse("username_taken", { key: "account.usernameTaken", params: { username: input.username } }, "username");
  if (await usernameTaken(driver.db, input.username)) return taken();
  if (input.organisationId && (await driver.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, input.organisationId)).limit(1)).length === 0) {
    return refuse("unknown_organisation", { key: "account.unknownOrganisation" }, "organisationId");
  }
  const passwordHash = await hashPassword(input.password);
  const id = newId("u");
  try {
    return await driver.write(async (tx): Promise<CommandResult<{ id: string }>> => {
      // Checked again inside the transaction: the hash took a moment, someone may have taken the name.
      if (await usernameTaken(tx, input.username)) return taken();
      await tx
        .insert(users)
        .values({ id, username: input.username, displayName: input.displayName, passwordHash, organisationId: input.organisationId, isAdmin: input.isAdmin });
      await appendAudit(tx, {
        negotiationId: null,
        actorId: actor.id,
        action: "account.created",
        detail: { userId: id, username: input.username, organisationId: input.organisationId, isAdmin: input.isAdmin },
      });
      return done({ id });
    });
  } catch (error) {
    // Two such transactions racing on PostgreSQL (another node committed the name after our check)
    // meet the unique index on users.username: the same refusal as the check's.
    if (isUniqueViolation(error)) return taken();
    throw error;
  }
}

async function findAccount(db: Db, userId: string) {
  return (await db.select({ id: users.id, username: users.username, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1))[0];
}

/** Sets a new password and ends the account's sessions (whoever held the old one is signed out). */
export async function resetPassword(driver: Driver, actor: AdminActor, userId: string, password: string): Promise<CommandResult> {
  const account = await findAccount(driver.db, userId);
  if (!account) return refuse("unknown_account", { key: "account.notFound" });
  if (!canChangeAccount(actor, "resetPassword", userId)) return refuse("forbidden", { key: "account.mayNotResetPassword" });
  const passwordHash = await hashPassword(password);
  await driver.write(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    if (userId !== actor.id) await revokeUserSessions(tx, userId);
    await appendAudit(tx, { negotiationId: null, actorId: actor.id, action: "account.password_reset", detail: { userId, username: account.username } });
  });
  return done(null);
}

/** Disables (and signs out everywhere) or enables an account. */
export async function setAccountDisabled(driver: Driver, actor: AdminActor, userId: string, disabled: boolean, now = Date.now()): Promise<CommandResult> {
  return driver.write(async (tx): Promise<CommandResult> => {
    // Read inside the write: a disabledAt kept from an earlier disable must be the one on the row now.
    const account = await findAccount(tx, userId);
    if (!account) return refuse("unknown_account", { key: "account.notFound" });
    if (!canChangeAccount(actor, disabled ? "disable" : "enable", userId)) {
      return refuse("own_account", { key: "account.ownAccount" });
    }
    await tx
      .update(users)
      .set({ disabledAt: disabled ? (account.disabledAt ?? now) : null })
      .where(eq(users.id, userId));
    if (disabled) await revokeUserSessions(tx, userId, now);
    await appendAudit(tx, { negotiationId: null, actorId: actor.id, action: disabled ? "account.disabled" : "account.enabled", detail: { userId, username: account.username } }, now);
    return done(null);
  });
}
