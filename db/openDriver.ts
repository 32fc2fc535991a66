import type { Driver } from "./driver";
import { openSqliteDriver } from "./driver.sqlite";

export interface DriverConfig {
  /** SQLite file, or ":memory:". Same meaning as the DATABASE_PATH variable. */
  databasePath: string;
}

/**
 * The one entry that opens the database for server start, CLI, seed, tests and bench (ADR 025).
 * The PostgreSQL driver adds its branch here (DATABASE_URL → pg); nothing else chooses a dialect.
 */
export async function openDriver(config: DriverConfig): Promise<Driver> {
  return openSqliteDriver(config.databasePath);
}
