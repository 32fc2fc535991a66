import { and, asc, eq, max } from "drizzle-orm";
import type { AgreementContent } from "~/shared/agreement";
import type { Db } from "../client";
import { users, versions } from "../schema";

export type VersionRow = typeof versions.$inferSelect;

/** The fields every listing of versions shows, with the saver's display name. */
const VERSION_LISTING = {
  id: versions.id,
  seq: versions.seq,
  label: versions.label,
  note: versions.note,
  side: versions.side,
  kind: versions.kind,
  createdAt: versions.createdAt,
  contentHash: versions.contentHash,
  authorName: users.displayName,
};

export async function listVersions(db: Db, negotiationId: string) {
  return await db
    .select(VERSION_LISTING)
    .from(versions)
    .leftJoin(users, eq(users.id, versions.createdBy))
    .where(eq(versions.negotiationId, negotiationId))
    .orderBy(asc(versions.seq));
}

export async function findVersion(db: Db, negotiationId: string, versionId: string): Promise<(VersionRow & { agreement: AgreementContent }) | undefined> {
  const [row] = await db
    .select()
    .from(versions)
    .where(and(eq(versions.negotiationId, negotiationId), eq(versions.id, versionId)))
    .limit(1);
  return row && { ...row, agreement: JSON.parse(row.content) as AgreementContent };
}

/** Versions are insert-only: this is the only write to the table anywhere in the code. */
export async function insertVersion(db: Db, row: Omit<typeof versions.$inferInsert, "seq">): Promise<VersionRow> {
  const seq = ((await db.select({ n: max(versions.seq) }).from(versions).where(eq(versions.negotiationId, row.negotiationId)))[0]?.n ?? 0) + 1;
  const [inserted] = await db.insert(versions).values({ ...row, seq }).returning();
  return inserted;
}

/** Every version of a negotiation with its content and author, oldest first (timelines, clause history). */
export async function listVersionsWithContent(db: Db, negotiationId: string) {
  const rows = await db
    .select({ ...VERSION_LISTING, content: versions.content })
    .from(versions)
    .leftJoin(users, eq(users.id, versions.createdBy))
    .where(eq(versions.negotiationId, negotiationId))
    .orderBy(asc(versions.seq));
  return rows.map(({ content, ...row }) => ({ ...row, agreement: JSON.parse(content) as AgreementContent }));
}

export type VersionWithContent = Awaited<ReturnType<typeof listVersionsWithContent>>[number];

/** Display name of the account that saved a version (null for a version saved by the system). */
export async function versionAuthorName(db: Db, createdBy: string | null): Promise<string | null> {
  if (!createdBy) return null;
  return (await db.select({ name: users.displayName }).from(users).where(eq(users.id, createdBy)).limit(1))[0]?.name ?? null;
}
