import { isUniqueViolation } from "~/db/errors";
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client";
import { appendAudit } from "~/db/audit";
import { organisations, users } from "~/db/schema";
import { hashPassword } from "../auth/password";
import { revokeUserSessions } from "../auth/sessions";
import { newId } from "../ids";
import { canChangeAccount } from "../policies/admin";
import type { AdminActor, CommandContext } from "./commandContext";
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

export async function createAccount(ctx: Pick<CommandContext, "driver">, actor: AdminActor, input: AccountInput): Promise<CommandResult<{ id: string }>> {
  const { driver } = ctx;
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
    // Two such transactions racing on PostgreSQL: the loser meets the unique index, and hears the same refusal.
    if (isUniqueViolation(error)) return taken();
    throw error;
  }
}

async function findAccount(db: Db, userId: string) {
  return (await db.select({ id: users.id, username: users.username, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1))[0];
}

/** Sets a new password and ends the account's sessions (whoever held the old one is signed out), its live-draft sockets too. */
export async function resetPassword(ctx: Pick<CommandContext, "driver" | "collab">, actor: AdminActor, { userId, password }: { userId: string; password: string }): Promise<CommandResult> {
  const { driver } = ctx;
  const account = await findAccount(driver.db, userId);
  if (!account) return refuse("unknown_account", { key: "account.notFound" });
  if (!canChangeAccount(actor, "resetPassword", userId)) return refuse("forbidden", { key: "account.mayNotResetPassword" });
  const passwordHash = await hashPassword(password);
  await driver.write(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    if (userId !== actor.id) await revokeUserSessions(tx, userId);
    await appendAudit(tx, { negotiationId: null, actorId: actor.id, action: "account.password_reset", detail: { userId, username: account.username } });
  });
  await ctx.collab.reauthorise(userId);
  return done(null);
}

/** Disables (and signs out everywhere, live-draft sockets too) or enables an account. */
export async function setAccountDisabled(
  ctx: Pick<CommandContext, "driver" | "collab" | "clock">,
  actor: AdminActor,
  { userId, disabled }: { userId: string; disabled: boolean },
): Promise<CommandResult> {
  const now = ctx.clock();
  const result = await ctx.driver.write(async (tx): Promise<CommandResult> => {
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
  if (result.ok) await ctx.collab.reauthorise(userId);
  return result;
}
