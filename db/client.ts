import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";
import { cachingStatements } from "./statementCache";

/** The database or a transaction on it: queries and commands accept either. */
export type Db = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

export interface OpenDatabase {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens (creating if needed) the SQLite file in WAL mode and applies every committed migration.
 * synchronous=NORMAL: in WAL mode a committed transaction survives a crash of the process
 * (kill -9); only a power loss may drop the last few. See docs/decisions/003-sqlite-wal.md.
 */
export function openDatabase(path: string): OpenDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle({ client: cachingStatements(sqlite), schema });
  // Foreign keys off while migrating (table rebuilds), on for everything after.
  sqlite.pragma("foreign_keys = OFF");
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  sqlite.pragma("foreign_keys = ON");
  return { sqlite, db, close: () => sqlite.close() };
}
