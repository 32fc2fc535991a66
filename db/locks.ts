import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./client";

/**
 * Holds the named lock until `tx` ends, so a read-check-write on two nodes cannot both succeed
 * (sign, confirm a TA, ratify, table a round, accept an invite, an audit chain's append). Key names
 * come from `lockKeys` (db/driver.ts). The dialect is read off the handle as db/raw.ts does: the
 * node-postgres handle has `execute` and no `all`.
 */
export async function lock(tx: Db, key: string): Promise<void> {
  const execute = postgresExecute(tx);
  // SQLite: nothing to do — the driver's write mutex and BEGIN IMMEDIATE already serialise every writer on the file.
  if (!execute) return;
  // hashtextextended: PostgreSQL's own 64-bit hash of the key, so any node computes the same lock id.
  await execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** node-postgres' `execute`, or null on SQLite's handle. */
function postgresExecute(tx: Db): ((q: SQL) => Promise<unknown>) | null {
  const handle = tx as unknown as {
    all?: unknown;
    execute?: (q: SQL) => Promise<unknown>;
  };
  if (typeof handle.all === "function" || typeof handle.execute !== "function") return null;
  return (q) => handle.execute!(q);
}
