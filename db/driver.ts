import type { Db } from "./client";

/**
 * The one way queries and commands reach the database (ADR 025). Queries take a `Db` handle —
 * `driver.db` for reads or the `tx` a write transaction hands them — and only ever `await` it, so
 * the same query runs on better-sqlite3 and on node-postgres. Commands open their transaction with
 * `driver.write` and take the locks their read-check-write needs with `lock` (db/locks.ts).
 */
export type Dialect = "sqlite" | "postgres";

export interface Driver {
  readonly dialect: Dialect;
  /** For reads outside a write transaction. */
  readonly db: Db;
  /**
   * Runs `fn` in one write transaction that commits when it resolves and rolls back when it throws.
   * The callback may await: on SQLite the driver serialises writers with an async mutex around
   * BEGIN IMMEDIATE … COMMIT (better-sqlite3's own `transaction()` would commit at the first await);
   * on PostgreSQL it is a real transaction on one pooled connection.
   */
  write<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Whether the caller runs inside a `write` (same async context). A nested `write` joins the
   * open transaction on both dialects; code that must commit on its own (the collaboration group
   * commit) asks this to refuse clearly instead of waiting on the transaction it runs in.
   */
  inWrite(): boolean;
  close(): Promise<void>;
}

/** Lock keys, named in one place so two commands guarding the same row agree on the name. */
export const lockKeys = {
  negotiation: (negotiationId: string) => `negotiation:${negotiationId}`,
  auditChain: (negotiationId: string | null) => `audit:${negotiationId ?? "-"}`,
  invite: (token: string) => `invite:${token}`,
  /** A collaborative document (`<id>` or `<id>~<side>`): its group commit and a command on it (collab.withDocument) on several nodes. */
  document: (key: string) => `document:${key}`,
} as const;
