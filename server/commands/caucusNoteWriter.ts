import { eq } from "drizzle-orm";
import { findCaucusNote } from "~/db/queries/caucus";
import { caucusNotes } from "~/db/schema";
import { newId } from "../ids";
import { can, caucusSideOf } from "../policies/negotiation";
import type { Actor, CommandContext } from "./commandContext";
import { done, refuse, type CommandResult } from "./commandResult";

type NoteWriter = Pick<Actor, "negotiationId" | "userId" | "membership" | "facts">;
type NoteContext = Pick<CommandContext, "driver" | "events" | "clock">;

/**
 * 内部备注: a private note of the writer's own side — the side comes from the writer's seat, never
 * from the form. Deliberately NOT written to the audit chain: that chain is one per negotiation and
 * may be shown to both sides and filed, and even an entry without the text would tell the other
 * side when and on which clause this side deliberated (ADR: caucus privacy). The side's open
 * pages are told (only that side's).
 */
export async function writeCaucusNote(ctx: NoteContext, actor: NoteWriter, input: { body: string; clauseId?: string }): Promise<CommandResult<{ id: string; side: "union" | "enterprise" }>> {
  const side = caucusSideOf(actor.membership);
  if (!side || !can(actor.membership, "writeCaucus", actor.facts)) return refuse("forbidden", { key: actor.facts.locked ? "caucus.locked" : "caucus.observer" });
  const id = newId("cn");
  await ctx.driver.write(async (tx) => {
    await tx.insert(caucusNotes).values({ id, negotiationId: actor.negotiationId, clauseId: input.clauseId ?? null, side, authorId: actor.userId, body: input.body, createdAt: ctx.clock() });
  });
  ctx.events.publish(actor.negotiationId, { kind: "caucus", side });
  return done({ id, side });
}

export async function deleteCaucusNote(ctx: NoteContext, actor: NoteWriter, input: { noteId: string }): Promise<CommandResult<{ side: "union" | "enterprise" }>> {
  const result = await ctx.driver.write(async (tx): Promise<CommandResult<{ side: "union" | "enterprise" }>> => {
    // Looked up within the actor's own side only: another side's note is "not found", not "forbidden".
    const note = await findCaucusNote(tx, actor.negotiationId, caucusSideOf(actor.membership), input.noteId);
    if (!note) return refuse("not_found", { key: "caucus.notFound" });
    if (!can(actor.membership, "deleteCaucusNote", actor.facts, { authorId: note.authorId, side: note.side, userId: actor.userId })) return refuse("forbidden", { key: "caucus.notAuthor" });
    await tx.delete(caucusNotes).where(eq(caucusNotes.id, note.id));
    return done({ side: note.side });
  });
  if (result.ok) ctx.events.publish(actor.negotiationId, { kind: "caucus", side: result.value.side });
  return result;
}
