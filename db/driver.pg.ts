import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./client";
import type { Driver } from "./driver";
import * as schema from "./schema";

const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), "migrations-pg");

// int8 (bigint columns, count(*)) as a JS number: ms timestamps and row ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The session-level lock every node takes before migrating, so concurrent starts migrate once. */
const MIGRATION_LOCK = "tongshang:migrate";

export interface PostgresDriver extends Driver {
  readonly dialect: "postgres";
  readonly pool: pg.Pool;
  /**
   * Runs `fn` while holding a cluster-wide lock named `key` (session-level advisory lock on one
   * pooled connection): nodes calling it at once run `fn` one after another, so a check-then-act
   * inside it (seed the demo if absent) happens once. Several keys are taken in sorted order on
   * that one connection, so two callers never wait on each other crosswise.
   */
  exclusively<T>(key: string | readonly string[], fn: () => Promise<T>): Promise<T>;
}

/**
 * Opens a pool on `url` and applies db/migrations-pg under an advisory lock (ADR 026). Queries run
 * db/schema.ts's table objects as they are: drizzle's PgDialect renders them (tested in
 * db/driver.pg.test.ts), and the typed handle is the SQLite one so queries are written once.
 */
export async function openPostgresDriver(url: string, options: { max?: number } = {}): Promise<PostgresDriver> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client's network error would otherwise crash the process; the next query reconnects.
  pool.on("error", () => {});
  const pgDb = drizzle(pool, { schema });

  async function exclusively<T>(key: string | readonly string[], fn: () => Promise<T>): Promise<T> {
    const keys = [...new Set(typeof key === "string" ? [key] : key)].sort();
    const client = await pool.connect();
    const taken: string[] = [];
    try {
      for (const k of keys) {
        await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [k]);
        taken.push(k);
      }
      return await fn();
    } finally {
      try {
        for (const k of taken.reverse()) await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [k]);
        client.release();
      } catch (error) {
        // The connection failed: destroying it ends its session, and with it every lock it held.
        client.release(error as Error);
      }
    }
  }

  try {
    await exclusively(MIGRATION_LOCK, () => migrate(pgDb, { migrationsFolder: MIGRATIONS_FOLDER }));
  } catch (error) {
    await pool.end();
    throw error;
  }

  // As on SQLite: `open` turns false when the transaction ends, so late callbacks never join it.
  const inWrite = new AsyncLocalStorage<{ tx: Db; open: boolean }>();
  let closed: Promise<void> | undefined;
  return {
    dialect: "postgres",
    pool,
    db: asDb(pgDb),
    // A nested write joins the open transaction, as on SQLite: a second pooled transaction
    // would wait for locks its own caller holds.
    write: (fn) => {
      const open = inWrite.getStore();
      if (open?.open) return fn(open.tx);
      return pgDb.transaction(async (tx) => {
        const transaction = { tx: asDb(tx), open: true };
        try {
          return await inWrite.run(transaction, () => fn(transaction.tx));
        } finally {
          transaction.open = false;
        }
      });
    },
    inWrite: () => inWrite.getStore()?.open === true,
    exclusively,
    // Idempotent as on SQLite (a test server closed twice); pg's pool throws on a second end().
    close: () => (closed ??= pool.end()),
  };
}

/** The node-postgres handle seen through the SQLite-typed `Db` every query is written against. */
function asDb(handle: unknown): Db {
  return handle as Db;
}
