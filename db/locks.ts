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
 * Takes, without waiting and in one round trip, a *shared* hold on each named lock until `tx`
 * ends; returns the keys it got. Shared holds never exclude each other — two nodes' collaboration
 * group commits append to the same document side by side — only an exclusive holder (a command's
 * `exclusively`, a compaction's `lock`) makes a key missing. Every key on SQLite (see `lock`).
 */
export async function tryLockShared(tx: Db, keys: readonly string[]): Promise<Set<string>> {
  const execute = postgresExecute(tx);
  if (!execute || keys.length === 0) return new Set(keys);
  const { rows } = (await execute(
    sql`SELECT k AS "key" FROM unnest(${sql.param([...keys])}::text[]) AS k WHERE pg_try_advisory_xact_lock_shared(hashtextextended(k, 0))`,
  )) as { rows: Array<{ key: string }> };
  return new Set(rows.map((row) => row.key));
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
