import type { Driver } from "./driver";
import { openPostgresDriver, type PostgresDriver } from "./driver.pg";
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

/**
 * Runs `fn` once at a time across every node sharing the database: under PostgreSQL's advisory lock
 * `key` (PostgresDriver.exclusively); on SQLite, one process owns the file, so `fn` just runs.
 */
export function exclusively<T>(driver: Driver, key: string | readonly string[], fn: () => Promise<T>): Promise<T> {
  return driver.dialect === "postgres" ? (driver as PostgresDriver).exclusively(key, fn) : fn();
}
