import type { CaucusNoteRow } from "~/db/queries/caucus";
import type { CommentRow } from "~/db/queries/comments";
import { can, type Membership, type NegotiationFacts } from "../policies/negotiation";

/** Field whitelists of what leaves the server about comments and caucus notes. */
export function presentComment(row: CommentRow, viewer: { userId: string }) {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.authorName,
    body: row.body,
    mentions: row.mentions,
    mentionsMe: row.mentions.includes(viewer.userId),
    createdAt: row.createdAt,
  };
}

/** Threads: each root comment with its replies, oldest first; the root carries the resolved state. */
export function presentThreads(rows: readonly CommentRow[], viewer: { userId: string; membership: Membership; facts: NegotiationFacts }) {
  const replies = new Map<string, CommentRow[]>();
  for (const r of rows) if (r.parentId) replies.set(r.parentId, [...(replies.get(r.parentId) ?? []), r]);
  return rows
    .filter((r) => !r.parentId)
    .map((root) => {
      const thread = replies.get(root.id) ?? [];
      const all = [root, ...thread].map((r) => presentComment(r, viewer));
      return {
        ...all[0],
        clauseId: root.clauseId,
        resolved: root.resolvedAt !== null,
        replies: all.slice(1),
        mentionsMe: all.some((c) => c.mentionsMe),
        canResolve: can(viewer.membership, "resolveComment", viewer.facts, { authorId: root.authorId, userId: viewer.userId }),
        canReply: can(viewer.membership, "comment", viewer.facts),
      };
    });
}

export type CommentThreadView = ReturnType<typeof presentThreads>[number];

export function presentCaucusNote(row: CaucusNoteRow, viewer: { userId: string; membership: Membership; facts: NegotiationFacts }) {
  return {
    id: row.id,
    clauseId: row.clauseId,
    authorName: row.authorName,
    body: row.body,
    createdAt: row.createdAt,
    canDelete: can(viewer.membership, "deleteCaucusNote", viewer.facts, { authorId: row.authorId, side: row.side, userId: viewer.userId }),
  };
}

export type CaucusNoteView = ReturnType<typeof presentCaucusNote>;

export interface ClauseTalkCount {
  comments: number;
  openThreads: number;
  notes: number;
  mentionsMe: number;
}

/**
 * Per clause (key "" = the negotiation as a whole): how many comments and open threads, how many
 * of this side's caucus notes, how many comments mention the viewer. `notes` are the viewer's side's
 * only (`caucusNotesFor`), so the other side's notes are not even counted.
 */
export function talkCounts(rows: readonly CommentRow[], notes: readonly Pick<CaucusNoteRow, "clauseId">[], viewer: { userId: string }): Record<string, ClauseTalkCount> {
  const counts: Record<string, ClauseTalkCount> = {};
  const of = (clauseId: string | null) => (counts[clauseId ?? ""] ??= { comments: 0, openThreads: 0, notes: 0, mentionsMe: 0 });
  const rootClause = new Map(rows.filter((r) => !r.parentId).map((r) => [r.id, r.clauseId]));
  for (const r of rows) {
    const c = of(r.parentId ? (rootClause.get(r.parentId) ?? null) : r.clauseId);
    c.comments++;
    if (!r.parentId && r.resolvedAt === null) c.openThreads++;
    if (r.mentions.includes(viewer.userId)) c.mentionsMe++;
  }
  for (const n of notes) of(n.clauseId).notes++;
  return counts;
}
