import { sql } from "drizzle-orm";
import type { Db } from "./client";
import type { Driver } from "./driver";
import { appendSqliteUpdates, type SqliteDriver } from "./driver.sqlite";
import { rawRows, rawRun } from "./raw";

/**
 * Appending to the collaboration update log (doc_updates), the hottest write there is (every
 * keystroke, group-committed): written below the query builder, whose per-parameter mapping was
 * most of a commit's CPU under load, and in as few round trips as each dialect allows.
 */

/** A row of the collaboration group commit, with the name of its document's lock (lockKeys.document). */
export interface UpdateRow {
  lockKey: string;
  negotiationId: string;
  draft: string;
  update: Uint8Array;
  userId: string | null;
  origin: string;
}

export const COLUMNS = `negotiation_id, draft, "update", user_id, origin, created_at`;

export function bytes(update: Uint8Array): Buffer {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength);
}

/**
 * One node (no relaying bus): every row, in arrival order, committed together. SQLite: kept
 * statements on the write connection inside the driver's write. PostgreSQL: one INSERT over
 * unnested arrays, its own transaction — one round trip where BEGIN, INSERT and COMMIT took three.
 * Rejects with the database's own error, nothing stored.
 */
export async function appendUpdates(driver: Driver, rows: readonly UpdateRow[], createdAt: number): Promise<void> {
  if (rows.length === 0) return;
  if (driver.dialect === "sqlite") return appendSqliteUpdates(driver as SqliteDriver, rows, createdAt);
  const column = <K extends keyof UpdateRow>(key: K) => sql.param(rows.map((row) => row[key]));
  await rawRun(
    driver.db,
    sql`INSERT INTO doc_updates (${sql.raw(COLUMNS)}) SELECT n, d, u, usr, o, ${createdAt}::bigint FROM unnest(${column("negotiationId")}::text[], ${column("draft")}::text[], ${sql.param(rows.map((row) => bytes(row.update)))}::bytea[], ${column("userId")}::text[], ${column("origin")}::text[]) WITH ORDINALITY AS r(n, d, u, usr, o, i) ORDER BY i`,
  ).catch(databaseReason);
}

/** A raw statement's failure comes wrapped with its SQL text: the caller gets the database's own reason, as from the query builder. */
function databaseReason(error: unknown): never {
  throw error instanceof Error && error.cause instanceof Error ? error.cause : error;
}

/** What became of a document's rows: appended, left for a later commit (another node's command holds it), or never to be stored (signed). */
export type AppendOutcome = "stored" | "deferred" | "refused";

/**
 * The group commit on several nodes (ADR 027) as one statement, PostgreSQL only: the function
 * `tongshang_append_doc_updates` (db/migrations-pg/0001) takes each document's lock shared without
 * waiting, reads `locked_at` after the locks, appends the rest in order and answers per document.
 * One round trip where BEGIN, the try-locks, the signed check, the INSERT and COMMIT took five
 * (under the cluster bench's load each cost ~1.5 ms of a commit's latency). `held`: lock names a
 * command on this node holds; their rows commit under that command's lock, unchecked.
 * Run outside any transaction: the statement is its own, so the holds end with its commit.
 */
export async function appendAcrossNodes(db: Db, rows: readonly UpdateRow[], held: readonly string[], createdAt: number): Promise<Map<string, AppendOutcome>> {
  const column = <K extends keyof UpdateRow>(key: K) => sql.param(rows.map((row) => row[key]));
  const updates = sql.param(rows.map((row) => bytes(row.update)));
  const answer = await rawRows<{ lock_key: string; outcome: AppendOutcome }>(
    db,
    sql`SELECT lock_key, outcome FROM tongshang_append_doc_updates(${column("lockKey")}::text[], ${column("negotiationId")}::text[], ${column("draft")}::text[], ${updates}::bytea[], ${column("userId")}::text[], ${column("origin")}::text[], ${createdAt}::bigint, ${sql.param([...held])}::text[])`,
  ).catch(databaseReason);
  return new Map(answer.map((row) => [row.lock_key, row.outcome]));
}
