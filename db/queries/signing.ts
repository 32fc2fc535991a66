import { asc, desc, eq, sql, type Column } from "drizzle-orm";
import type { OrgNode } from "~/shared/rules/delegation";
import type { RecordedDelegation } from "~/shared/signatures";
import type { Db } from "../client";
import { delegations, organisations, ratifications, signOffs, users } from "../schema";

export type DelegationRow = typeof delegations.$inferSelect;
export type RatificationRow = typeof ratifications.$inferSelect;
export type SignOffRow = typeof signOffs.$inferSelect;

/** The organisation tree as the delegation rules read it (authorities take part in no delegation). */
export async function organisationTree(db: Db): Promise<OrgNode[]> {
  const rows = await db.select({ id: organisations.id, parentId: organisations.parentId, kind: organisations.kind }).from(organisations);
  return rows.filter((o): o is OrgNode => o.kind !== "authority");
}

/** A negotiation's delegations, newest first, with the registering and revoking accounts' names (no scan bytes). */
export async function listDelegations(db: Db, negotiationId: string) {
  // A subquery, not a join on an aliased users table: PostgreSQL's dialect renders a SQLite table's alias without its table.
  const nameOf = (userId: Column) => sql<string | null>`(select ${users.displayName} from ${users} where ${users.id} = ${userId})`;
  return await db
    .select({
      id: delegations.id,
      kind: delegations.kind,
      fromOrgId: delegations.fromOrgId,
      toOrgId: delegations.toOrgId,
      letterNo: delegations.letterNo,
      validFrom: delegations.validFrom,
      validTo: delegations.validTo,
      scanMime: delegations.scanMime,
      registeredByName: nameOf(delegations.registeredBy),
      createdAt: delegations.createdAt,
      revokedAt: delegations.revokedAt,
      revokedByName: nameOf(delegations.revokedBy),
      revokeReason: delegations.revokeReason,
    })
    .from(delegations)
    .where(eq(delegations.negotiationId, negotiationId))
    .orderBy(desc(delegations.createdAt), desc(delegations.id));
}

/** The China calendar date of an epoch-ms instant. */
export function chinaDateOf(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Delegations in the shape the policy checks, newest first. */
export async function recordedDelegations(db: Db, negotiationId: string): Promise<RecordedDelegation[]> {
  const rows = await db.select().from(delegations).where(eq(delegations.negotiationId, negotiationId)).orderBy(desc(delegations.createdAt), desc(delegations.id));
  return rows.map((d) => ({
      id: d.id,
      letterNo: d.letterNo,
      kind: d.kind,
      fromOrgId: d.fromOrgId,
      toOrgId: d.toOrgId,
      negotiationId: d.negotiationId,
      validFrom: d.validFrom,
      validTo: d.validTo,
      revokedAt: d.revokedAt === null ? null : chinaDateOf(d.revokedAt),
    }));
}

export async function findDelegation(db: Db, negotiationId: string, id: string): Promise<DelegationRow | undefined> {
  const [row] = await db.select().from(delegations).where(eq(delegations.id, id)).limit(1);
  return row && row.negotiationId === negotiationId ? row : undefined;
}

/** The most recent ratification vote (a failed vote may be followed by another). */
export async function latestRatification(db: Db, negotiationId: string): Promise<RatificationRow | undefined> {
  return (await db.select().from(ratifications).where(eq(ratifications.negotiationId, negotiationId)).orderBy(desc(ratifications.createdAt), desc(ratifications.id)).limit(1))[0];
}

export async function listSignOffs(db: Db, negotiationId: string) {
  return await db
    .select({
      signOff: signOffs,
      signatoryName: users.displayName,
      organisationId: users.organisationId,
    })
    .from(signOffs)
    .innerJoin(users, eq(users.id, signOffs.userId))
    .where(eq(signOffs.negotiationId, negotiationId))
    .orderBy(asc(signOffs.signedAt), asc(signOffs.id));
}

/** Where the sign-off readers found it first; the one definition is in shared/signatures.ts. */
export { slotOfSignOff } from "~/shared/signatures";
