import type { SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Raw SQL rows, the one portable call for what the query builder cannot say (recursive CTEs,
 * aggregates over unions). SQLite's drizzle has `db.all(sql)`; node-postgres' has
 * `db.execute(sql)` returning `{ rows }` — queries call this and never branch on dialect.
 * Keep the SQL standard (WITH RECURSIVE is fine on both).
 */
export async function rawRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const handle = db as unknown as {
    all?: (q: SQL) => unknown;
    execute?: (q: SQL) => Promise<{ rows: unknown[] }>;
  };
  if (typeof handle.all === "function") return (await handle.all(query)) as Row[];
  return (await handle.execute!(query)).rows as Row[];
}

/** A statement without rows (DDL, bulk updates) through the same portable door. */
export async function rawRun(db: Db, query: SQL): Promise<void> {
  const handle = db as unknown as {
    run?: (q: SQL) => unknown;
    execute?: (q: SQL) => Promise<unknown>;
  };
  if (typeof handle.run === "function") await handle.run(query);
  else await handle.execute!(query);
}
