import type Database from "better-sqlite3";

/**
 * Prepared statements this many SQL texts deep per connection. The app's queries are a few hundred
 * texts; the rest (IN lists of every length, DDL) cycle through the least recently used slots.
 */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * What drizzle's better-sqlite3 session is given instead of the connection itself: the same
 * connection, whose `prepare` returns the statement prepared last time for the same SQL text.
 * drizzle prepares a statement on every call, one-time queries included; under the collaboration
 * load that was most of a group commit's INSERT (~8.6 µs a row against ~2.9 µs with a statement
 * kept). Only drizzle's handles go through it (db/client.ts, db/driver.sqlite.ts): code holding
 * the raw connection (`driver.sqlite`) prepares its own statements as before.
 *
 * drizzle switches a statement to array rows (`raw()`) for the query builder's selects and leaves
 * it so; a kept statement is switched back before it is handed out, so `db.all(sql)` after
 * `db.values(sql)` of the same text still gets objects. drizzle never iterates a statement (a
 * statement in the middle of `iterate()` could not be reused) and never turns on `pluck`,
 * `expand` or `safeIntegers`.
 */
export function cachingStatements(connection: Database.Database, size = STATEMENT_CACHE_SIZE): Database.Database {
  const statements = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    const kept = statements.get(source);
    if (kept) {
      // Most recently used last, so the first entry is the one to let go.
      statements.delete(source);
      statements.set(source, kept);
      if (kept.reader) kept.raw(false);
      return kept;
    }
    const statement = connection.prepare(source);
    if (statements.size >= size) statements.delete(statements.keys().next().value!);
    statements.set(source, statement);
    return statement;
  };
  const session: Pick<Database.Database, "prepare" | "transaction"> = {
    prepare: prepare as Database.Database["prepare"],
    transaction: (fn) => connection.transaction(fn),
  };
  return session as Database.Database;
}
