import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDriver, type TestDriver } from "~/tests/setup/testDriver";
import { sql } from "drizzle-orm";
import { isUniqueViolation } from "./errors";
import { rawRun } from "./raw";
import { organisations } from "./schema";

// On the suite's dialect (SQLite, or PostgreSQL with TEST_DATABASE_URL): the same real errors both ways.
let database: TestDriver;
beforeEach(async () => {
  database = await openTestDriver();
});
afterEach(() => database.close());

const insertOrg = (id: string, name: string) => database.driver.write(async (tx) => void (await tx.insert(organisations).values({ id, name, kind: "union", level: "sector" })));

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the write to fail");
}

describe("isUniqueViolation", () => {
  it("recognises a duplicate key as the database reports it", async () => {
    await insertOrg("dup", "工会");
    expect(isUniqueViolation(await failure(() => insertOrg("dup", "另一个工会")))).toBe(true);
  });

  it("does not mistake another constraint's failure or an ordinary error for one", async () => {
    const noName = () => database.driver.write((tx) => rawRun(tx, sql`INSERT INTO organisations (id, kind, level) VALUES ('nameless', 'union', 'sector')`));
    expect(isUniqueViolation(await failure(noName))).toBe(false);
    expect(isUniqueViolation(new Error("duplicate"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
