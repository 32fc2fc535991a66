import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// SQLite on purpose (even when TEST_DATABASE_URL is set): it replays db/migrations (SQLite's) on a file from an older release.
/** EV-9: a database made before the minimum-wage migration gets 内蒙古·一类 for its negotiations. */
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");
const work = mkdtempSync(join(tmpdir(), "tongshang-migration-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The migrations folder cut to its first `count` entries, as an older release shipped it. */
function migrationsUpTo(tag: string): string {
  const folder = join(work, `upto-${tag}`);
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const upto = journal.entries.findIndex((e) => e.tag === tag);
  const entries = journal.entries.slice(0, upto + 1);
  for (const entry of entries) cpSync(join(MIGRATIONS, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  return folder;
}

describe("the minimum-wage migration (EV-9)", () => {
  it("EV-9 gives every existing negotiation the area 内蒙古·一类 and creates the rounds table", () => {
    const sqlite = new Database(join(work, "old.db"));
    const db = drizzle(sqlite);
    const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const mine = journal.entries.findIndex((e) => e.tag.endsWith("_minimum_wage"));
    expect(mine).toBeGreaterThan(0);
    migrate(db, { migrationsFolder: migrationsUpTo(journal.entries[mine - 1]!.tag) });
    sqlite.exec(`INSERT INTO organisations (id, name, kind, level) VALUES ('u', '工会', 'union', 'sector'), ('e', '企业', 'enterprise', 'platform')`);
    sqlite.exec(`INSERT INTO negotiations (id, title, scope, mode, union_org_id, enterprise_org_id, proposed_by_side, proposed_on) VALUES ('old', '旧协商', 'sector', 'standard', 'u', 'e', 'union', '2026-01-01')`);
    migrate(db, { migrationsFolder: MIGRATIONS });
    expect(sqlite.prepare("SELECT minimum_wage_area AS area FROM negotiations WHERE id = 'old'").get()).toEqual({ area: "内蒙古·一类" });
    expect(sqlite.prepare("SELECT count(*) AS n FROM minimum_wage_rounds").get()).toEqual({ n: 0 });
    sqlite.close();
  });
});
