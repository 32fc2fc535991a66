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

/**
 * The first column of each row, for a long read of one value per row (a document's update log):
 * on SQLite the rows come as arrays (`db.values`), which better-sqlite3 builds faster than one
 * object per row (~15 % of reading 20,000 log rows); node-postgres' rows are objects either way.
 */
export async function rawColumn<Value>(db: Db, query: SQL): Promise<Value[]> {
  const handle = db as unknown as {
    values?: (q: SQL) => unknown;
    execute?: (q: SQL) => Promise<{ rows: Record<string, unknown>[] }>;
  };
  if (typeof handle.values === "function") {
    const rows = (await handle.values(query)) as unknown[][];
    return rows.map((row) => row[0] as Value);
  }
  const { rows } = await handle.execute!(query);
  const column = rows.length > 0 ? Object.keys(rows[0]!)[0]! : "";
  return rows.map((row) => row[column] as Value);
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
