import { json, type AppLoadContext } from "@remix-run/node";
import { caucusNotesFor } from "../../../db/queries/caucus";
import { commentsOf } from "../../../db/queries/comments";
import { listParticipants } from "../../../db/queries/negotiations";
import { deleteCaucusNote, writeCaucusNote } from "../../../server/commands/caucusNoteWriter";
import { postComment, setCommentResolved } from "../../../server/commands/commentPoster";
import type { CommandRefusal } from "../../../server/commands/commandResult";
import { can } from "../../../server/policies/negotiation";
import { caucusSideOf } from "../../../server/policies/talk";
import { presentCaucusNote, presentThreads } from "../../../server/presenters/talk";
import { numberAgreement } from "../../../shared/numbering";
import { isTalkIntent, TALK_INTENTS } from "../../../shared/schemas/talk";
import { fieldErrors, requireNegotiation, type NegotiationAccess } from "../../guards.server";
import { RECORD_ID_PATTERN } from "../../../shared/agreement";


/**
 * The discussion page (and the per-clause panel in the workspace, which loads it with ?clause=):
 * every shared comment, and the caucus notes of the viewer's own side only.
 */
export async function loadDiscussion(context: AppLoadContext, access: NegotiationAccess, url: URL) {
  const { negotiation, membership, user } = access;
  const facts = { locked: negotiation.lockedAt !== null };
  const viewer = { userId: user.id, membership, facts };
  const clauseParam = url.searchParams.get("clause");
  const clause = clauseParam && RECORD_ID_PATTERN.test(clauseParam) ? clauseParam : null;
  const inScope = (c: { clauseId: string | null }) => clause === null || c.clauseId === clause;
  const content = await context.collab.readAgreement(negotiation.id);
  const numbered = new Map(numberAgreement(content.clauses).map((n) => [n.clauseId, n.articleLabel]));
  const caucusSide = caucusSideOf(membership);
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked: facts.locked },
    me: { userId: user.id, side: membership.side },
    clause,
    clauses: content.clauses.map((c) => ({ id: c.id, label: numbered.get(c.id) ?? c.id, title: c.title })),
    participants: listParticipants(context.db, negotiation.id).map((p) => ({ userId: p.userId, username: p.username, displayName: p.displayName, side: p.side })),
    threads: presentThreads(commentsOf(context.db, negotiation.id), viewer).filter(inScope),
    caucusSide,
    notes: caucusNotesFor(context.db, negotiation.id, caucusSide)
      .map((n) => presentCaucusNote(n, viewer))
      .filter(inScope),
    can: { comment: can(membership, "comment", facts), writeCaucus: can(membership, "writeCaucus", facts) },
  };
}

export type DiscussionData = Awaited<ReturnType<typeof loadDiscussion>>;

export type TalkActionData = { ok: true; intent: string } | { ok: false; intent: string | null; errors: Record<string, string>; message: string };

const STATUS: Record<string, number> = { forbidden: 403, not_found: 404 };

function refused(intent: string, r: CommandRefusal) {
  return json<TalkActionData>({ ok: false, intent, errors: { [r.field ?? "_form"]: r.message }, message: r.message }, { status: STATUS[r.code] ?? 400 });
}

/** Comments (post, resolve, reopen) need "comment"; notes need "writeCaucus"; each is one command. */
export async function discussionAction(request: Request, context: AppLoadContext, id: string | undefined) {
  const form = Object.fromEntries(await request.formData());
  const intent = isTalkIntent(form.intent) ? form.intent : null;
  const access = requireNegotiation(request, context, id, intent === "note" || intent === "deleteNote" ? "writeCaucus" : "comment", "api");
  if (!intent) return json<TalkActionData>({ ok: false, intent: null, errors: { _form: "无法识别的操作 (unknown action)" }, message: "无法识别的操作 (unknown action)" }, { status: 400 });
  const parsed = TALK_INTENTS[intent].safeParse(form);
  if (!parsed.success) return json<TalkActionData>({ ok: false, intent, errors: fieldErrors(parsed.error.issues), message: "请检查填写的内容 (please check the form)" }, { status: 400 });
  const { negotiation, membership, user } = access;
  const actor = { negotiationId: negotiation.id, userId: user.id, membership, facts: { locked: negotiation.lockedAt !== null } };
  const data = parsed.data;
  switch (data.intent) {
    case "comment": {
      if (data.clauseId && !(await context.collab.readAgreement(negotiation.id)).clauses.some((c) => c.id === data.clauseId)) {
        return json<TalkActionData>({ ok: false, intent, errors: { clauseId: "条款不存在" }, message: "条款不存在 (no such clause)" }, { status: 404 });
      }
      const people = listParticipants(context.db, negotiation.id);
      const result = postComment(context.db, actor, { body: data.body, clauseId: data.clauseId, parentId: data.parentId, participants: people });
      if (!result.ok) return refused(intent, result);
      break;
    }
    case "resolve":
    case "reopen": {
      const result = setCommentResolved(context.db, actor, { commentId: data.commentId, resolved: data.intent === "resolve" });
      if (!result.ok) return refused(intent, result);
      break;
    }
    case "note": {
      const result = writeCaucusNote(context.db, actor, { body: data.body, clauseId: data.clauseId });
      if (!result.ok) return refused(intent, result);
      context.events.publish(negotiation.id, { kind: "caucus", side: result.value.side });
      return json<TalkActionData>({ ok: true, intent });
    }
    case "deleteNote": {
      const result = deleteCaucusNote(context.db, actor, { noteId: data.noteId });
      if (!result.ok) return refused(intent, result);
      context.events.publish(negotiation.id, { kind: "caucus", side: result.value.side });
      return json<TalkActionData>({ ok: true, intent });
    }
  }
  context.events.publish(negotiation.id, { kind: "comments" });
  return json<TalkActionData>({ ok: true, intent });
}
