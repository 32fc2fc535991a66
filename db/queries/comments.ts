import { asc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { comments, users } from "../schema";

/** Every shared comment of a negotiation with its author's name, oldest first (visible to all participants). */
export async function commentsOf(db: Db, negotiationId: string) {
  return await db
    .select({
      id: comments.id,
      clauseId: comments.clauseId,
      parentId: comments.parentId,
      authorId: comments.authorId,
      authorName: users.displayName,
      body: comments.body,
      mentions: comments.mentions,
      resolvedAt: comments.resolvedAt,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.negotiationId, negotiationId))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

export type CommentRow = Awaited<ReturnType<typeof commentsOf>>[number];

export async function findComment(db: Db, id: string) {
  return (await db.select().from(comments).where(eq(comments.id, id)).limit(1))[0];
}
