import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { openTestDriver, type TestDriver } from "~/tests/setup/testDriver";
import { createAccount } from "./accountManager";

// On the suite's dialect: on PostgreSQL both transactions pass the "taken?" check before either
// commits, and the loser meets the unique index; on SQLite the writes queue and the loser's check sees it.
let database: TestDriver;
const admin = { id: "u-admin", isAdmin: true };
beforeEach(async () => {
  database = await openTestDriver();
  await database.driver.write(async (tx) => void (await tx.insert(users).values({ id: admin.id, username: "admin", displayName: "管理员", passwordHash: "x", isAdmin: true })));
});
afterEach(() => database.close());

describe("creating accounts at once", () => {
  it("two admins creating the same username at once: one account, and the other told the name is taken", async () => {
    const input = { username: "rider.rep", displayName: "骑手代表", password: "a-long-enough-password", organisationId: null, isAdmin: false };
    const outcomes = await Promise.all([createAccount(database, admin, input), createAccount(database, admin, { ...input, displayName: "另一位" })]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.ok).map((o) => !o.ok && [o.code, o.field])).toEqual([["username_taken", "username"]]);
    expect(await database.driver.db.select({ id: users.id }).from(users).where(eq(users.username, "rider.rep"))).toHaveLength(1);
  });
});
