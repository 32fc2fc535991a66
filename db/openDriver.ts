import type { Driver } from "./driver";
import { openPostgresDriver } from "./driver.pg";
import { openSqliteDriver } from "./driver.sqlite";

export interface DriverConfig {
  /** SQLite file, or ":memory:". Same meaning as the DATABASE_PATH variable. */
  databasePath: string;
  /** postgres:// URL (DATABASE_URL): when set, PostgreSQL instead of the SQLite file (ADR 026). */
  databaseUrl?: string;
}

/**
 * The one entry that opens the database for server start, CLI, seed, tests and bench (ADR 025);
 * nothing else chooses a dialect.
 */
export async function openDriver(config: DriverConfig): Promise<Driver> {
  if (config.databaseUrl) return openPostgresDriver(config.databaseUrl);
  return openSqliteDriver(config.databasePath);
}
