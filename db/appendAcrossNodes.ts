import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { rawRows } from "./raw";

/** A row of the collaboration group commit, with the name of its document's lock (lockKeys.document). */
export interface UpdateRow {
  lockKey: string;
  negotiationId: string;
  draft: string;
  update: Uint8Array;
  userId: string | null;
  origin: string;
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
  const updates = sql.param(rows.map((row) => Buffer.from(row.update.buffer, row.update.byteOffset, row.update.byteLength)));
  const answer = await rawRows<{ lock_key: string; outcome: AppendOutcome }>(
    db,
    sql`SELECT lock_key, outcome FROM tongshang_append_doc_updates(${column("lockKey")}::text[], ${column("negotiationId")}::text[], ${column("draft")}::text[], ${updates}::bytea[], ${column("userId")}::text[], ${column("origin")}::text[], ${createdAt}::bigint, ${sql.param([...held])}::text[])`,
  );
  return new Map(answer.map((row) => [row.lock_key, row.outcome]));
}
