import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appendAudit } from "../../db/audit";
import { findComment } from "../../db/queries/comments";
import { comments } from "../../db/schema";
import { parseMentions, type Mentionable } from "../../shared/talk/mentions";
import { newId } from "../ids";
import { can, type Membership, type NegotiationFacts } from "../policies/negotiation";
import { canResolveComment } from "../policies/talk";
import { done, refuse, type CommandResult } from "./commandResult";

interface Commenter {
  negotiationId: string;
  userId: string;
  membership: Membership;
  facts: NegotiationFacts;
}

/**
 * A shared comment, visible to every participant: on a clause, on the negotiation as a whole
 * (no clause), or a reply. Replies join their thread's root and take its clause. The @mentions are
 * parsed against the participant list and stored. Audited without the text (the audit chain is a
 * record of acts, the comment itself stays in its table).
 */
export function postComment(
  db: Db,
  actor: Commenter,
  input: { body: string; clauseId?: string; parentId?: string; participants: readonly Mentionable[] },
): CommandResult<{ id: string; mentions: string[] }> {
  if (!can(actor.membership, "comment", actor.facts)) return refuse("forbidden", { key: actor.facts.locked ? "comment.locked" : "comment.observer" });
  let clauseId = input.clauseId ?? null;
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = findComment(db, input.parentId);
    if (!parent || parent.negotiationId !== actor.negotiationId) return refuse("not_found", { key: "comment.noSuchParent" }, "parentId");
    parentId = parent.parentId ?? parent.id;
    clauseId = parent.clauseId;
  }
  const mentions = parseMentions(input.body, input.participants);
  const id = newId("cm");
  db.transaction((tx) => {
    tx.insert(comments).values({ id, negotiationId: actor.negotiationId, clauseId, parentId, authorId: actor.userId, body: input.body, mentions, createdAt: Date.now() }).run();
    appendAudit(tx, { negotiationId: actor.negotiationId, actorId: actor.userId, action: "comment.posted", detail: { commentId: id, clauseId, parentId, mentions } });
  });
  return done({ id, mentions });
}

/** Resolves (or reopens) a thread: its root comment carries the state. */
export function setCommentResolved(db: Db, actor: Commenter, input: { commentId: string; resolved: boolean }): CommandResult<{ id: string }> {
  const found = findComment(db, input.commentId);
  if (!found || found.negotiationId !== actor.negotiationId) return refuse("not_found", { key: "comment.notFound" });
  const root = found.parentId ? findComment(db, found.parentId)! : found;
  if (!canResolveComment(actor.membership, root, actor.userId, actor.facts)) return refuse("forbidden", { key: "comment.mayNotResolve" });
  if ((root.resolvedAt !== null) === input.resolved) return done({ id: root.id });
  const now = Date.now();
  db.transaction((tx) => {
    tx.update(comments)
      .set(input.resolved ? { resolvedAt: now, resolvedBy: actor.userId } : { resolvedAt: null, resolvedBy: null })
      .where(eq(comments.id, root.id))
      .run();
    appendAudit(tx, { negotiationId: actor.negotiationId, actorId: actor.userId, action: input.resolved ? "comment.resolved" : "comment.reopened", detail: { commentId: root.id } }, now);
  });
  return done({ id: root.id });
}
