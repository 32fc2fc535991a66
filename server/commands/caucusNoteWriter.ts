import { eq } from "drizzle-orm";
import type { Driver } from "../../db/driver";
import { findCaucusNote } from "../../db/queries/caucus";
import { caucusNotes } from "../../db/schema";
import { newId } from "../ids";
import { can, caucusSideOf, type Membership, type NegotiationFacts } from "../policies/negotiation";
import { done, refuse, type CommandResult } from "./commandResult";

interface NoteWriter {
  negotiationId: string;
  userId: string;
  membership: Membership;
  facts: NegotiationFacts;
}

/**
 * 内部备注: a private note of the writer's own side — the side comes from the writer's seat, never
 * from the form. Deliberately NOT written to the audit chain: that chain is one per negotiation and
 * may be shown to both sides and filed, and even an entry without the text would tell the other
 * side when and on which clause this side deliberated (ADR: caucus privacy).
 */
export async function writeCaucusNote(driver: Driver, actor: NoteWriter, input: { body: string; clauseId?: string }): Promise<CommandResult<{ id: string; side: "union" | "enterprise" }>> {
  const side = caucusSideOf(actor.membership);
  if (!side || !can(actor.membership, "writeCaucus", actor.facts)) return refuse("forbidden", { key: actor.facts.locked ? "caucus.locked" : "caucus.observer" });
  const id = newId("cn");
  await driver.write(async (tx) => {
    await tx.insert(caucusNotes).values({ id, negotiationId: actor.negotiationId, clauseId: input.clauseId ?? null, side, authorId: actor.userId, body: input.body, createdAt: Date.now() });
  });
  return done({ id, side });
}

export async function deleteCaucusNote(driver: Driver, actor: NoteWriter, input: { noteId: string }): Promise<CommandResult<{ side: "union" | "enterprise" }>> {
  return driver.write(async (tx): Promise<CommandResult<{ side: "union" | "enterprise" }>> => {
    // Looked up within the actor's own side only: another side's note is "not found", not "forbidden".
    const note = await findCaucusNote(tx, actor.negotiationId, caucusSideOf(actor.membership), input.noteId);
    if (!note) return refuse("not_found", { key: "caucus.notFound" });
    if (!can(actor.membership, "deleteCaucusNote", actor.facts, { authorId: note.authorId, side: note.side, userId: actor.userId })) return refuse("forbidden", { key: "caucus.notAuthor" });
    await tx.delete(caucusNotes).where(eq(caucusNotes.id, note.id));
    return done({ side: note.side });
  });
}
