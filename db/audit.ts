import { createHash } from "node:crypto";
import { asc, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { lockKeys } from "./driver";
import { lock } from "./locks";
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

/**
 * Appends one entry to its negotiation's chain. Callers run it inside their own write transaction;
 * it takes the chain's lock before reading the head, so two nodes appending at once cannot both
 * link to the same previous entry.
 */
export async function appendAudit(db: Db, event: AuditEvent, at = Date.now()): Promise<void> {
  await lock(db, lockKeys.auditChain(event.negotiationId));
  const [last] = await db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(chainFilter(event.negotiationId))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const row = {
    negotiationId: event.negotiationId,
    at,
    actorId: event.actorId,
    action: event.action,
    detail: JSON.stringify(event.detail ?? {}),
    prevHash: last?.hash ?? GENESIS,
  };
  await db.insert(auditLog).values({ ...row, hash: auditEntryHash(row) });
}

export type ChainVerdict = { ok: true; entries: number; head: string } | { ok: false; entries: number; brokenId: number; reason: string };

/** Walks one chain from its genesis; names the first entry whose link or own hash does not hold. */
export async function verifyChain(db: Db, negotiationId: string | null): Promise<ChainVerdict> {
  const rows = await db.select().from(auditLog).where(chainFilter(negotiationId)).orderBy(asc(auditLog.id));
  let prev = GENESIS;
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, entries: rows.length, brokenId: row.id, reason: "prev_hash does not match the previous entry" };
    if (auditEntryHash(row) !== row.hash) return { ok: false, entries: rows.length, brokenId: row.id, reason: "content does not match its hash" };
    prev = row.hash;
  }
  return { ok: true, entries: rows.length, head: prev };
}
