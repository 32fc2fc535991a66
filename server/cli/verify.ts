/**
 * `npm run verify -- [--db PATH]` (contract: command line): checks the hash-chained audit log of
 * every negotiation and the system chain, one line per chain, and exits 1 naming the first broken
 * entry (id, negotiation, action, reason). The database is opened read-only and never migrated, so
 * verifying cannot alter the evidence it checks.
 */
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { asc, eq } from "drizzle-orm";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { verifyChain } from "../../db/audit";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";

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

/** Verifies every chain; returns the printed lines and the first broken entry, if any. */
export function verifyAll(db: Db): { lines: string[]; broken: BrokenEntry | null } {
  const fromLog = db.selectDistinct({ id: schema.auditLog.negotiationId }).from(schema.auditLog).all().map((r) => r.id);
  const fromTable = db.select({ id: schema.negotiations.id }).from(schema.negotiations).orderBy(asc(schema.negotiations.createdAt)).all().map((r) => r.id);
  const chains: (string | null)[] = [null, ...new Set([...fromTable, ...fromLog.filter((id): id is string => id !== null)])];
  const lines: string[] = [];
  let broken: BrokenEntry | null = null;
  for (const negotiationId of chains) {
    const name = negotiationId ?? "(system)";
    const verdict = verifyChain(db, negotiationId);
    if (verdict.ok) {
      lines.push(`ok      ${name}: ${verdict.entries} entries, head ${verdict.head}`);
      continue;
    }
    const row = db.select({ action: schema.auditLog.action }).from(schema.auditLog).where(eq(schema.auditLog.id, verdict.brokenId)).get();
    const entry = { id: verdict.brokenId, negotiationId, action: row?.action ?? "?", reason: verdict.reason };
    broken ??= entry;
    lines.push(`BROKEN  ${name}: entry ${entry.id} (${entry.action}): ${entry.reason}`);
  }
  return { lines, broken };
}

function main(): number {
  let path: string;
  try {
    path = resolve(databasePath(process.argv.slice(2)));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (!existsSync(path)) {
    console.error(`数据库不存在 (no database at) ${path}`);
    return 2;
  }
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasLog = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (!hasLog) {
      console.error(`不是同商数据库:没有审计日志表 (no audit_log table in) ${path}`);
      return 2;
    }
    const { lines, broken } = verifyAll(drizzle(sqlite, { schema }) as unknown as Db);
    for (const line of lines) console.log(line);
    if (broken) {
      console.error(
        `审计链已被篡改 (audit chain broken): first broken entry id=${broken.id} negotiation=${broken.negotiationId ?? "(system)"} action=${broken.action} reason=${broken.reason}`,
      );
      return 1;
    }
    console.log(`审计链完整 (all ${lines.length} chains verify)`);
    return 0;
  } finally {
    sqlite.close();
  }
}

process.exitCode = main();
