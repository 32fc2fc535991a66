import { and, asc, eq } from "drizzle-orm";
import type { Side } from "~/shared/roles";
import type { Db } from "../client";
import { caucusNotes, users } from "../schema";

/**
 * 内部备注 — the ONE place caucus notes are read (this and `findCaucusNote` below). The viewer's
 * side is part of the query, so the other side's rows never leave the database; an observer (or
 * anyone without a bargaining side) gets nothing at all. Callers pass the side from the policy module (`caucusSideOf`), never from
 * the request.
 */
export async function caucusNotesFor(db: Db, negotiationId: string, viewerSide: Side | null) {
  if (viewerSide !== "union" && viewerSide !== "enterprise") return [];
  return await db
    .select({
      id: caucusNotes.id,
      clauseId: caucusNotes.clauseId,
      side: caucusNotes.side,
      authorId: caucusNotes.authorId,
      authorName: users.displayName,
      body: caucusNotes.body,
      createdAt: caucusNotes.createdAt,
    })
    .from(caucusNotes)
    .innerJoin(users, eq(users.id, caucusNotes.authorId))
    .where(and(eq(caucusNotes.negotiationId, negotiationId), eq(caucusNotes.side, viewerSide)))
    .orderBy(asc(caucusNotes.createdAt), asc(caucusNotes.id));
}

export type CaucusNoteRow = Awaited<ReturnType<typeof caucusNotesFor>>[number];

/** One note of the viewer's own side (for deleting it); another side's note is simply not found. */
export async function findCaucusNote(db: Db, negotiationId: string, viewerSide: Side | null, noteId: string) {
  if (viewerSide !== "union" && viewerSide !== "enterprise") return undefined;
  const rows = await db
    .select({ id: caucusNotes.id, side: caucusNotes.side, authorId: caucusNotes.authorId })
    .from(caucusNotes)
    .where(and(eq(caucusNotes.id, noteId), eq(caucusNotes.negotiationId, negotiationId), eq(caucusNotes.side, viewerSide)))
    .limit(1);
  return rows[0];
}
