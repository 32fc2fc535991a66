import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDriver } from "./openDriver";
import { createTestDatabase, dropTestDatabase } from "./pgTestDatabase";
import { rawRows } from "./raw";
import { organisations } from "./schema";

// The one entry chooses the dialect from its config alone: a DATABASE_URL opens PostgreSQL, and the
// same query code (builder and raw) runs there unchanged (ADR 025, ADR 026).
describe("openDriver with a DATABASE_URL", () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it("opens PostgreSQL, migrates it, and runs builder and raw queries written once", async () => {
    const driver = await openDriver({ databasePath: ":memory:", databaseUrl: url });
    try {
      expect(driver.dialect).toBe("postgres");
      await driver.write(async (tx) => {
        await tx.insert(organisations).values({ id: "raw", name: "测试工会", kind: "union", level: "sector" });
      });
      const rows = await rawRows<{ n: number }>(driver.db, sql`WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c`);
      expect(rows.map((r) => Number(r.n))).toEqual([1, 2, 3]);
      expect(await rawRows<{ id: string }>(driver.db, sql`SELECT id FROM organisations`)).toEqual([{ id: "raw" }]);
      // A failed write leaves nothing behind on PostgreSQL as on SQLite.
      await expect(
        driver.write(async (tx) => {
          await tx.insert(organisations).values({ id: "gone", name: "回滚", kind: "union", level: "sector" });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await rawRows<{ id: string }>(driver.db, sql`SELECT id FROM organisations ORDER BY id`)).toEqual([{ id: "raw" }]);
    } finally {
      await driver.close();
    }
  });
});
