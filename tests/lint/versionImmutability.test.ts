import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * SPEC V-1: a version is insert-only. The guarantee is the absence of a path, so the check reads
 * every module that can reach the database (db/, server/, app/, scripts/) for one: a query-builder
 * update or delete on the versions table, or raw SQL doing either. Migrations are history, not paths.
 */
const MUTATIONS = [
  /\.(?:update|delete)\(\s*versions\s*\)/,
  /\b(?:UPDATE\s+"?versions"?\s+SET|DELETE\s+FROM\s+"?versions"?)\b/i,
];

export function mutatesVersions(source: string): boolean {
  return MUTATIONS.some((pattern) => pattern.test(source));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "migrations" || entry.name === "migrations-pg" ? [] : sources(path);
    return /\.(?:ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("V-1 a version is immutable: no update or delete path", () => {
  it("V-1: no module in db/, server/, app/ or scripts/ updates or deletes a version", () => {
    const offenders = ["db", "server", "app", "scripts"].flatMap(sources).filter((file) => mutatesVersions(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("V-1: the check sees such a path written either way", () => {
    expect(mutatesVersions("await tx.update(versions).set({ label: 'x' })")).toBe(true);
    expect(mutatesVersions("db.delete( versions ).where(eq(versions.id, id))")).toBe(true);
    expect(mutatesVersions('rawRun(db, sql`DELETE FROM "versions" WHERE id = ${id}`)')).toBe(true);
    expect(mutatesVersions("await tx.insert(versions).values(row); db.update(versionNotes)")).toBe(false);
  });
});
