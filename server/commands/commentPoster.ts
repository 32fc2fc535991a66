import { eq } from "drizzle-orm";
import { appendAudit } from "~/db/audit";
import { lockKeys } from "~/db/driver";
import { lock } from "~/db/locks";
import { findComment } from "~/db/queries/comments";
import { comments } from "~/db/schema";
import { parseMentions, type Mentionable } from "~/shared/talk/mentions";
import { newId } from "../ids";
import { can } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

type Commenter = Pick<Actor, "negotiationId" | "userId" | "membership" | "facts">;
type CommentContext = Pick<CommandContext, "driver" | "events" | "clock">;

/**
 * A shared comment, visible to every participant: on a clause, on the negotiation as a whole
 * (no clause), or a reply. Replies join their thread's root and take its clause. The @mentions are
 * parsed against the participant list and stored. Audited without the text (the audit chain is a
 * record of acts, the comment itself stays in its table). Open pages are told.
 */
export async function postComment(
  ctx: CommentContext,
  actor: Commenter,
  input: { body: string; clauseId?: string; parentId?: string; participants: readonly Mentionable[] },
): Promise<CommandResult<{ id: string; mentions: string[] }>> {
  if (!can(actor.membership, "comment", actor.facts)) return refuse("forbidden", { key: actor.facts.locked ? "comment.locked" : "comment.observer" });
  let clauseId = input.clauseId ?? null;
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = await findComment(ctx.driver.db, input.parentId);
    if (!parent || parent.negotiationId !== actor.negotiationId) return refuse("not_found", { key: "comment.noSuchParent" }, "parentId");
    parentId = parent.parentId ?? parent.id;
    clauseId = parent.clauseId;
  }
  const mentions = parseMentions(input.body, input.participants);
  const id = newId("cm");
  const now = ctx.clock();
  await ctx.driver.write(async (tx) => {
    await tx.insert(comments).values({ id, negotiationId: actor.negotiationId, clauseId, parentId, authorId: actor.userId, body: input.body, mentions, createdAt: now });
    await appendAudit(tx, { negotiationId: actor.negotiationId, actorId: actor.userId, action: "comment.posted", detail: { commentId: id, clauseId, parentId, mentions } }, now);
  });
  ctx.events.publish(actor.negotiationId, { kind: "comments" });
  return done({ id, mentions });
}

/** Resolves (or reopens) a thread: its root comment carries the state. Open pages are told. */
export async function setCommentResolved(ctx: CommentContext, actor: Commenter, input: { commentId: string; resolved: boolean }): Promise<CommandResult<{ id: string }>> {
  const result = await ctx.driver.write(async (tx): Promise<CommandResult<{ id: string }>> => {
    // The thread's state is read under the negotiation's lock: two clicks resolve it once, audited once.
    await lock(tx, lockKeys.negotiation(actor.negotiationId));
    const found = await findComment(tx, input.commentId);
    if (!found || found.negotiationId !== actor.negotiationId) return refuse("not_found", { key: "comment.notFound" });
    const root = found.parentId ? (await findComment(tx, found.parentId))! : found;
    if (!can(actor.membership, "resolveComment", actor.facts, { authorId: root.authorId, userId: actor.userId })) return refuse("forbidden", { key: "comment.mayNotResolve" });
    if ((root.resolvedAt !== null) === input.resolved) return done({ id: root.id });
    const now = ctx.clock();
    await tx
      .update(comments)
      .set(input.resolved ? { resolvedAt: now, resolvedBy: actor.userId } : { resolvedAt: null, resolvedBy: null })
      .where(eq(comments.id, root.id));
    await appendAudit(tx, { negotiationId: actor.negotiationId, actorId: actor.userId, action: input.resolved ? "comment.resolved" : "comment.reopened", detail: { commentId: root.id } }, now);
    return done({ id: root.id });
  });
  if (result.ok) ctx.events.publish(actor.negotiationId, { kind: "comments" });
  return result;
}
