import type { Driver } from "./driver";
import type { PostgresDriver } from "./driver.pg";
import { appendSqliteUpdates, type SqliteDriver } from "./driver.sqlite";

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

/**
 * A writer claim (SPEC C-13: the user whose accepted update first wrote under a Yjs client id),
 * stored by the group commit of that update instead of a transaction of its own: on PostgreSQL
 * that was three round trips (BEGIN, INSERT, COMMIT) per new editor, each holding a pooled
 * connection while the commits queued. The first claim of an id stands.
 */
export interface ClaimRow {
  document: string;
  clientId: number;
  userId: string;
}

export function bytes(update: Uint8Array): Buffer {
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength);
}

/**
 * One node (no relaying bus): every row, in arrival order, and every claim, committed together.
 * SQLite: kept statements on the write connection inside the driver's write. PostgreSQL: one
 * INSERT over unnested arrays with the claims' INSERT in its WITH, its own transaction — one round
 * trip where BEGIN, INSERT and COMMIT took three. Rejects with the database's own error, nothing stored.
 */
export async function appendUpdates(driver: Driver, rows: readonly UpdateRow[], createdAt: number, claims: readonly ClaimRow[] = []): Promise<void> {
  if (rows.length === 0 && claims.length === 0) return;
  if (driver.dialect === "sqlite") return appendSqliteUpdates(driver as SqliteDriver, rows, claims, createdAt);
  await (driver as PostgresDriver).pool.query({ name: "tongshang_append_updates", text: APPEND_PG, values: [...columns(rows), createdAt, ...claimColumns(claims)] });
}

/**
 * PostgreSQL's appends are named statements sent to the pool itself, not through the query
 * builder: no SQL is built per commit (the query builder was ~8 % of a cluster node's busy time in
 * a profile of the cluster bench, where every node commits hundreds of times a second and the
 * append is its most frequent query), and each pooled connection parses a statement once, then
 * only binds it. Not measured apart: the cluster bench moved within its spread.
 */
/** The claims' INSERT, run in the WITH of each append (a data-modifying WITH runs whether or not it is read). */
const insertClaims = (first: number, createdAt: number) =>
  `claims AS (INSERT INTO doc_writers (document, client_id, user_id, created_at) SELECT w.d, w.c, w.u, $${createdAt}::bigint FROM unnest($${first}::text[], $${first + 1}::bigint[], $${first + 2}::text[]) AS w(d, c, u) ON CONFLICT DO NOTHING)`;
const APPEND_PG = `WITH ${insertClaims(7, 6)} INSERT INTO doc_updates (${COLUMNS}) SELECT n, d, u, usr, o, $6::bigint FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::text[]) WITH ORDINALITY AS r(n, d, u, usr, o, i) ORDER BY i`;
const APPEND_ACROSS_NODES_PG = `WITH ${insertClaims(9, 7)} SELECT lock_key, outcome FROM tongshang_append_doc_updates($1::text[], $2::text[], $3::text[], $4::bytea[], $5::text[], $6::text[], $7::bigint, $8::text[])`;

/** The claims as three arrays: document, client id, user. */
function claimColumns(claims: readonly ClaimRow[]): [string[], number[], string[]] {
  return [claims.map((claim) => claim.document), claims.map((claim) => claim.clientId), claims.map((claim) => claim.userId)];
}

/** The rows as the statements' five arrays: document, draft, update, user, origin. */
function columns(rows: readonly UpdateRow[]): [string[], string[], Buffer[], (string | null)[], string[]] {
  return [rows.map((row) => row.negotiationId), rows.map((row) => row.draft), rows.map((row) => bytes(row.update)), rows.map((row) => row.userId), rows.map((row) => row.origin)];
}

/** What became of a document's rows: appended, left for a later commit (another node's command holds it), or never to be stored (signed). */
export type AppendOutcome = "stored" | "deferred" | "refused";

/**
 * The group commit on several nodes (ADR 027) as one statement, PostgreSQL only: the function
 * `tongshang_append_doc_updates` (db/migrations-pg/0001) takes each document's lock shared without
 * waiting, reads `locked_at` after the locks, appends the rest in order and answers per document.
 * One round trip where BEGIN, the try-locks, the signed check, the INSERT and COMMIT took five
 * (under the cluster bench's load each cost ~1.5 ms of a commit's latency). `held`: lock names a
 * command on this node holds; their rows commit under that command's lock, unchecked. The claims
 * are stored whatever their documents' outcome: who first wrote under an id stays true of an
 * update the signed agreement refused. Run outside any transaction: the statement is its own, so
 * the holds end with its commit.
 */
export async function appendAcrossNodes(driver: Driver, rows: readonly UpdateRow[], held: readonly string[], createdAt: number, claims: readonly ClaimRow[] = []): Promise<Map<string, AppendOutcome>> {
  if (driver.dialect !== "postgres") throw new Error("appendAcrossNodes: several nodes run on PostgreSQL only (ADR 027)");
  const { rows: answer } = await (driver as PostgresDriver).pool.query<{ lock_key: string; outcome: AppendOutcome }>({
    name: "tongshang_append_doc_updates",
    text: APPEND_ACROSS_NODES_PG,
    values: [rows.map((row) => row.lockKey), ...columns(rows), createdAt, [...held], ...claimColumns(claims)],
  });
  return new Map(answer.map((row) => [row.lock_key, row.outcome]));
}
