import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver } from "~/db/driver";
import { openDriver } from "~/db/openDriver";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";

/**
 * The one place a test's database is chosen (issue 16: the whole suite runs on PostgreSQL too).
 * TEST_DATABASE_URL unset: a fresh SQLite file. Set (an admin connection, e.g.
 * postgres://postgres@127.0.0.1:5432/postgres): a fresh PostgreSQL database made on that server,
 * dropped when the test is done with it.
 */
export function testAdminUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return null;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`TEST_DATABASE_URL must be a postgres:// URL, not ${url}`);
  return url;
}

export const testDialect = (): Driver["dialect"] => (testAdminUrl() ? "postgres" : "sqlite");

export interface TestDatabase {
  /** Settings for the server's env (DATABASE_PATH or DATABASE_URL). */
  env: Record<string, string>;
  /** Removes the database (drops the PostgreSQL one; the SQLite file goes with its directory). */
  drop(): Promise<void>;
}

/** A fresh database for a server: the SQLite file `dir`/tongshang.db, or a fresh PostgreSQL database. */
export async function testDatabaseEnv(dir: string): Promise<TestDatabase> {
  const admin = testAdminUrl();
  if (!admin) return { env: { DATABASE_PATH: join(dir, "tongshang.db") }, drop: async () => {} };
  const url = await createTestDatabase(admin);
  return { env: { DATABASE_URL: url }, drop: () => dropTestDatabase(url, admin) };
}

export interface TestDriver {
  driver: Driver;
  /** Closes the driver and removes its database. */
  close(): Promise<void>;
}

/** A driver on a fresh, migrated database of the suite's dialect. */
export async function openTestDriver(): Promise<TestDriver> {
  const dir = mkdtempSync(join(tmpdir(), "tongshang-db-"));
  const database = await testDatabaseEnv(dir);
  const driver = await openDriver({ databasePath: database.env.DATABASE_PATH ?? ":memory:", databaseUrl: database.env.DATABASE_URL });
  return {
    driver,
    async close() {
      await driver.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
