import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { AsyncLocalStorage } from "node:async_hooks";
import { openDatabase, type Db } from "./client";
import type { Driver } from "./driver";
import { bytes, COLUMNS, type ClaimRow, type UpdateRow } from "./appendUpdates";
import * as schema from "./schema";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { cachingStatements } from "./statementCache";

/** The SQLite driver, with the raw handle that tests, verify and the fast paths need. */
export interface SqliteDriver extends Driver {
  readonly dialect: "sqlite";
  /** The write connection (the only one for `:memory:`). */
  readonly sqlite: Database.Database;
}

/**
 * A FIFO async mutex: better-sqlite3's own `transaction()` commits at the callback's first await,
 * so the driver serialises writers itself and holds BEGIN IMMEDIATE … COMMIT across awaits.
 */
export function createMutex() {
  let tail: Promise<void> = Promise.resolve();
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = tail;
    let release!: () => void;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}

/**
 * Opens the SQLite file (migrations and pragmas as `openDatabase`, ADR 003) as a Driver (ADR 025).
 * File databases get a second, read-only connection for `db`, so a read outside a write never
 * sees a transaction that is still open across an await (WAL lets it read the last commit).
 * `:memory:` is one connection, so there `db` and the write transaction are the same handle.
 * A `write` called from inside a write (same async context) joins the open transaction instead
 * of waiting on the mutex it holds — it commits or rolls back with the outer one.
 */
export function openSqliteDriver(path: string): SqliteDriver {
  const opened = openDatabase(path);
  const writer = opened.db;
  let reader: Database.Database | null = null;
  let readDb: Db = writer;
  if (path !== ":memory:") {
    reader = new Database(path, { readonly: true, fileMustExist: true });
    reader.pragma("busy_timeout = 5000");
    readDb = drizzle({ client: cachingStatements(reader), schema });
  }
  const mutex = createMutex();
  // The open transaction of this async context; `open` turns false at its end, so a timer or
  // promise started inside a write and running after it never joins a finished transaction.
  const inWrite = new AsyncLocalStorage<{ open: boolean }>();

  return {
    dialect: "sqlite",
    sqlite: opened.sqlite,
    db: readDb,
    async write<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inWrite.getStore()?.open) return fn(writer);
      return mutex(() => {
        const transaction = { open: true };
        return inWrite.run(transaction, async () => {
          opened.sqlite.exec("BEGIN IMMEDIATE");
          try {
            const result = await fn(writer);
            opened.sqlite.exec("COMMIT");
            return result;
          } catch (error) {
            if (opened.sqlite.inTransaction) opened.sqlite.exec("ROLLBACK");
            throw error;
          } finally {
            transaction.open = false;
          }
        });
      });
    },
    inWrite: () => inWrite.getStore()?.open === true,
    async close(): Promise<void> {
      // Let a write in flight finish before the handles go.
      await mutex(async () => {
        reader?.close();
        opened.close();
      });
    },
  };
}

/** One INSERT per row count, prepared once per connection (a commit's row count repeats). */
const updateInserts = new WeakMap<Database.Database, Map<number, Database.Statement>>();

function updateInsert(connection: Database.Database, rows: number): Database.Statement {
  let byCount = updateInserts.get(connection);
  if (!byCount) updateInserts.set(connection, (byCount = new Map()));
  let statement = byCount.get(rows);
  if (!statement) {
    statement = connection.prepare(`INSERT INTO doc_updates (${COLUMNS}) VALUES ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?)").join(", ")}`);
    // Bursts make every count up to a few hundred; keep the cache bounded.
    if (byCount.size >= 64) byCount.clear();
    byCount.set(rows, statement);
  }
  return statement;
}

/**
 * The collaboration group commit's append on SQLite (db/appendUpdates.ts): kept statements on the
 * write connection, inside the driver's write (BEGIN IMMEDIATE under its mutex), so the batch and
 * its writer claims commit whole or not at all.
 */
export function appendSqliteUpdates(driver: SqliteDriver, rows: readonly UpdateRow[], claims: readonly ClaimRow[], createdAt: number): Promise<void> {
  const { insertRowsPerStatementRows } = COLLAB_DEFAULTS;
  return driver.write(async () => {
    for (let start = 0; start < rows.length; start += insertRowsPerStatementRows) {
      const chunk = rows.slice(start, start + insertRowsPerStatementRows);
      updateInsert(driver.sqlite, chunk.length).run(chunk.flatMap((row) => [row.negotiationId, row.draft, bytes(row.update), row.userId, row.origin, createdAt]));
    }
    if (claims.length > 0) {
      const insert = claimInsert(driver.sqlite);
      for (const claim of claims) insert.run(claim.document, claim.clientId, claim.userId, createdAt);
    }
  });
}

/** The writer claims' INSERT, prepared once per connection. */
const claimInserts = new WeakMap<Database.Database, Database.Statement>();

function claimInsert(connection: Database.Database): Database.Statement {
  let statement = claimInserts.get(connection);
  if (!statement) claimInserts.set(connection, (statement = connection.prepare("INSERT INTO doc_writers (document, client_id, user_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")));
  return statement;
}
