import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 12 item 4 / ADR 025: every query and command reaches the database only through the Driver
 * and only ever awaits it, so the same code runs on better-sqlite3 and on node-postgres. A
 * synchronous drizzle or better-sqlite3 call — `.get()`, `.all()`, `.run()` ending a query,
 * `.prepare(`, `.transaction(`, `.pluck(`, or `db.all/run/get/values(sql…)` — works only on
 * SQLite (and `transaction()` there commits at the callback's first await), so none may stand in
 * app/, server/ or db/. Tests are not scanned (a SQLite-specific test says so where it opens the
 * file), nor the three modules that legitimately hold better-sqlite3: db/client.ts (opens the file,
 * runs migrations), db/driver.sqlite.ts (the driver itself) and db/statementCache.ts (the driver's
 * prepared statements). Comments are not code: a comment
 * may name `transaction()` to explain why it is not used.
 */
const SYNC_CALLS: { pattern: RegExp; what: string }[] = [
  { pattern: /\.get\(\s*\)/g, what: ".get()" },
  { pattern: /\.all\(\s*\)/g, what: ".all()" },
  { pattern: /\.run\(\s*\)/g, what: ".run()" },
  { pattern: /\.prepare\(/g, what: ".prepare(" },
  { pattern: /\.transaction\(/g, what: ".transaction(" },
  { pattern: /\.pluck\(/g, what: ".pluck(" },
  { pattern: /\.(?:all|run|get|values)\(\s*sql\s*`/g, what: "db.all/run/get/values(sql`…`)" },
];

const SCANNED = ["app", "server", "db"];

/** Modules that are the SQLite side of the driver, by design. */
const EXCLUDED = new Set(["db/client.ts", "db/driver.sqlite.ts", "db/statementCache.ts"]);

/**
 * file → why a synchronous-looking call there is not a database call (or is allowed). Keep it
 * short: an entry here is an exemption a reviewer reads.
 */
export const ALLOWED: Record<string, string> = {
  "db/driver.pg.ts": "node-postgres drizzle's transaction() is async: a real transaction on one pooled connection, which Driver.write is built on",
};

/** Blanks out comments, keeping line breaks so line numbers still point at the source. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .replace(/(^|[^:\\"'`])\/\/[^\n]*/g, (_, before: string) => before);
}

/** `file:line: call` for every synchronous drizzle/better-sqlite3 call in `source`. */
export function syncCalls(file: string, source: string): string[] {
  const code = withoutComments(source);
  const found: { at: number; line: string }[] = [];
  for (const { pattern, what } of SYNC_CALLS) {
    for (const match of code.matchAll(pattern)) {
      const line = code.slice(0, match.index).split("\n").length;
      found.push({ at: match.index!, line: `${file}:${line}: ${what}` });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.line);
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["node_modules", "migrations", "migrations-pg", "build"].includes(entry.name) ? [] : sources(path);
    return /\.(?:ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("no synchronous drizzle or better-sqlite3 call outside the SQLite driver (issue 12 item 4, ADR 025)", () => {
  it("app/, server/ and db/ only await their queries: no .get(), .all(), .run(), .prepare(, .transaction(, .pluck(", () => {
    const files = SCANNED.flatMap(sources).map((file) => file.split(/[\\/]/).join("/"));
    const offenders = files
      .filter((file) => !EXCLUDED.has(file) && !(file in ALLOWED))
      .flatMap((file) => syncCalls(file, readFileSync(file, "utf8")));
    expect(offenders, "同步数据库调用 (synchronous database calls) — await the query through the Driver").toEqual([]);
  });

  it("every allow-list entry names a file that exists and says why", () => {
    const files = new Set(SCANNED.flatMap(sources).map((file) => file.split(/[\\/]/).join("/")));
    for (const [file, reason] of Object.entries(ALLOWED)) {
      expect(files.has(file), file).toBe(true);
      expect(reason.trim().length, file).toBeGreaterThan(10);
    }
  });

  it("the check names each synchronous call by file and line, and passes awaited queries and comments", () => {
    const offending = [
      "const row = db.select().from(users).where(eq(users.id, id)).get();",
      "const rows = db",
      "  .select()",
      "  .from(users)",
      "  .all();",
      "db.update(users).set({ disabled: true }).run();",
      "db.transaction((tx) => tx.delete(sessions).run());",
      'const n = sqlite.prepare("SELECT count(*) FROM users").pluck().get();',
      "const raw = db.all(sql`SELECT 1`);",
    ].join("\n");
    expect(syncCalls("server/x.ts", offending)).toEqual([
      "server/x.ts:1: .get()",
      "server/x.ts:5: .all()",
      "server/x.ts:6: .run()",
      "server/x.ts:7: .transaction(",
      "server/x.ts:7: .run()",
      "server/x.ts:8: .prepare(",
      "server/x.ts:8: .pluck(",
      "server/x.ts:8: .get()",
      "server/x.ts:9: db.all/run/get/values(sql`…`)",
    ]);
    const clean = [
      "const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);",
      "const rows = await rawRows<{ n: number }>(db, sql`SELECT count(*) AS n FROM users`);",
      "await driver.write(async (tx) => { await tx.update(users).set({ disabled: true }); });",
      "// better-sqlite3's own .transaction() would commit at the first await, so: driver.write",
      "/* never db.select().get() */ const home = \"http://example.org/\"; // nor .all()",
      "const seen = new Map<string, number>(); seen.get(key); Promise.all(tasks); [...seen.values()];",
    ].join("\n");
    expect(syncCalls("server/y.ts", clean)).toEqual([]);
  });
});
