import { and, asc, eq, max } from "drizzle-orm";
import type { AgreementContent } from "../../shared/agreement";
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

export function listVersions(db: Db, negotiationId: string) {
  return db
    .select(VERSION_LISTING)
    .from(versions)
    .leftJoin(users, eq(users.id, versions.createdBy))
    .where(eq(versions.negotiationId, negotiationId))
    .orderBy(asc(versions.seq))
    .all();
}

export function findVersion(db: Db, negotiationId: string, versionId: string): (VersionRow & { agreement: AgreementContent }) | undefined {
  const row = db
    .select()
    .from(versions)
    .where(and(eq(versions.negotiationId, negotiationId), eq(versions.id, versionId)))
    .get();
  return row && { ...row, agreement: JSON.parse(row.content) as AgreementContent };
}

/** Versions are insert-only: this is the only write to the table anywhere in the code. */
export function insertVersion(db: Db, row: Omit<typeof versions.$inferInsert, "seq">): VersionRow {
  const seq = (db.select({ n: max(versions.seq) }).from(versions).where(eq(versions.negotiationId, row.negotiationId)).get()?.n ?? 0) + 1;
  return db.insert(versions).values({ ...row, seq }).returning().get();
}

/** Every version of a negotiation with its content and author, oldest first (timelines, clause history). */
export function listVersionsWithContent(db: Db, negotiationId: string) {
  return db
    .select({ ...VERSION_LISTING, content: versions.content })
    .from(versions)
    .leftJoin(users, eq(users.id, versions.createdBy))
    .where(eq(versions.negotiationId, negotiationId))
    .orderBy(asc(versions.seq))
    .all()
    .map(({ content, ...row }) => ({ ...row, agreement: JSON.parse(content) as AgreementContent }));
}

export type VersionWithContent = ReturnType<typeof listVersionsWithContent>[number];

/** Display name of the account that saved a version (null for a version saved by the system). */
export function versionAuthorName(db: Db, createdBy: string | null): string | null {
  if (!createdBy) return null;
  return db.select({ name: users.displayName }).from(users).where(eq(users.id, createdBy)).get()?.name ?? null;
}
