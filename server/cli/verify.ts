/**
 * `npm run verify -- [--db PATH]` (contract: command line): checks the hash-chained audit log of
 * every negotiation and the system chain, one line per chain, and exits 1 naming the first broken
 * entry (id, negotiation, action, reason). A SQLite file is opened read-only and never migrated, so
 * verifying cannot alter the evidence it checks. With DATABASE_URL set (and no --db), the chains
 * of that PostgreSQL database are checked through the driver (openDriver), which reads them only.
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { asc, eq, sql } from "drizzle-orm";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { verifyChain } from "~/db/audit";
import type { Db } from "~/db/client";
import { openDriver } from "~/db/openDriver";
import { rawRows } from "~/db/raw";
import * as schema from "~/db/schema";

function hasDbFlag(argv: string[]): boolean {
  return argv.includes("--db") || argv.some((a) => a.startsWith("--db="));
}

function databasePath(argv: string[]): string {
  const i = argv.indexOf("--db");
  if (i >= 0) {
    const value = argv[i + 1];
    if (!value) throw new Error("--db needs a path");
    return value;
  }
  const inline = argv.find((a) => a.startsWith("--db="));
  if (inline) return inline.slice("--db=".length);
  return process.env.DATABASE_PATH ?? "./data/tongshang.db";
}

export interface BrokenEntry {
  id: number;
  negotiationId: string | null;
  action: string;
  reason: string;
}

/** Verifies every chain (reads only, through any `Db` handle); returns the printed lines and the first broken entry, if any. */
export async function verifyAll(db: Db): Promise<{ lines: string[]; broken: BrokenEntry | null }> {
  const fromLog = (await db.selectDistinct({ id: schema.auditLog.negotiationId }).from(schema.auditLog)).map((r) => r.id);
  const fromTable = (await db.select({ id: schema.negotiations.id }).from(schema.negotiations).orderBy(asc(schema.negotiations.createdAt))).map((r) => r.id);
  const chains: (string | null)[] = [null, ...new Set([...fromTable, ...fromLog.filter((id): id is string => id !== null)])];
  const lines: string[] = [];
  let broken: BrokenEntry | null = null;
  for (const negotiationId of chains) {
    const name = negotiationId ?? "(system)";
    const verdict = await verifyChain(db, negotiationId);
    if (verdict.ok) {
      lines.push(`ok      ${name}: ${verdict.entries} entries, head ${verdict.head}`);
      continue;
    }
    const [row] = await db.select({ action: schema.auditLog.action }).from(schema.auditLog).where(eq(schema.auditLog.id, verdict.brokenId)).limit(1);
    const entry = { id: verdict.brokenId, negotiationId, action: row?.action ?? "?", reason: verdict.reason };
    broken ??= entry;
    lines.push(`BROKEN  ${name}: entry ${entry.id} (${entry.action}): ${entry.reason}`);
  }
  return { lines, broken };
}

/** Prints the verdict of every chain; the exit code: 0 all verify, 1 one is broken. */
async function report(db: Db): Promise<number> {
  const { lines, broken } = await verifyAll(db);
  for (const line of lines) console.log(line);
  if (broken) {
    console.error(
      `审计链已被篡改 (audit chain broken): first broken entry id=${broken.id} negotiation=${broken.negotiationId ?? "(system)"} action=${broken.action} reason=${broken.reason}`,
    );
    return 1;
  }
  console.log(`审计链完整 (all ${lines.length} chains verify)`);
  return 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && !hasDbFlag(argv)) {
    const driver = await openDriver({ databasePath: "", databaseUrl });
    try {
      return await report(driver.db);
    } finally {
      await driver.close();
    }
  }
  let path: string;
  try {
    path = resolve(databasePath(argv));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!existsSync(path)) {
    console.error(`数据库不存在 (no database at) ${path}`);
    return 2;
  }
  // Not openDriver: that would open the file for writing and migrate it. Read-only, as it is.
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const db = drizzle(sqlite, { schema }) as unknown as Db;
    const hasLog = await rawRows(db, sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'`);
    if (hasLog.length === 0) {
      console.error(`不是同商数据库:没有审计日志表 (no audit_log table in) ${path}`);
      return 2;
    }
    return await report(db);
  } finally {
    sqlite.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
