import { createHash } from "node:crypto";
import { asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { auditLog } from "./schema";

export interface AuditEvent {
  negotiationId: string | null;
  actorId: string | null;
  action: string;
  detail?: Record<string, unknown>;
}

type AuditRow = typeof auditLog.$inferSelect;

/** The documented canonical form an audit entry's hash covers: fixed key order, JSON-encoded. */
export function auditEntryHash(row: Omit<AuditRow, "id" | "hash">): string {
  const canonical = JSON.stringify([row.prevHash, row.negotiationId, row.at, row.actorId, row.action, row.detail]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

const GENESIS = "0".repeat(64);

function chainFilter(negotiationId: string | null) {
  return negotiationId === null ? isNull(auditLog.negotiationId) : eq(auditLog.negotiationId, negotiationId);
}

/** Appends one entry to its negotiation's chain. Callers run it inside their own transaction. */
export function appendAudit(db: Db, event: AuditEvent, at = Date.now()): void {
  const last = db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(chainFilter(event.negotiationId))
    .orderBy(desc(auditLog.id))
    .limit(1)
    .get();
  const row = {
    negotiationId: event.negotiationId,
    at,
    actorId: event.actorId,
    action: event.action,
    detail: JSON.stringify(event.detail ?? {}),
    prevHash: last?.hash ?? GENESIS,
  };
  db.insert(auditLog).values({ ...row, hash: auditEntryHash(row) }).run();
}

export type ChainVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; brokenId: number; reason: string };

/** Walks one chain from its genesis; names the first entry whose link or own hash does not hold. */
export function verifyChain(db: Db, negotiationId: string | null): ChainVerdict {
  const rows = db.select().from(auditLog).where(chainFilter(negotiationId)).orderBy(asc(auditLog.id)).all();
  let prev = GENESIS;
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, entries: rows.length, brokenId: row.id, reason: "prev_hash does not match the previous entry" };
    if (auditEntryHash(row) !== row.hash) return { ok: false, entries: rows.length, brokenId: row.id, reason: "content does not match its hash" };
    prev = row.hash;
  }
  return { ok: true, entries: rows.length, head: prev };
}
