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

/**
 * Takes the named lock until `tx` ends if nobody holds it, without waiting: false when another
 * transaction or session holds it (the collaboration group commit leaves a document whose lock a
 * command on another node holds for its next commit, ADR 027). Always true on SQLite (see `lock`).
 */
export async function tryLock(tx: Db, key: string): Promise<boolean> {
  const execute = postgresExecute(tx);
  if (!execute) return true;
  const { rows } = (await execute(sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS "locked"`)) as { rows: Array<{ locked: boolean }> };
  return rows[0]?.locked === true;
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
