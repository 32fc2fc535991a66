import type { AppLoadContext } from "@remix-run/node";
import { caucusNotesFor } from "~/db/queries/caucus";
import { commentsOf } from "~/db/queries/comments";
import { listParticipants } from "~/db/queries/negotiations";
import { deleteCaucusNote, writeCaucusNote } from "~/server/commands/caucusNoteWriter";
import { postComment, setCommentResolved } from "~/server/commands/commentPoster";
import { done, refuse } from "~/server/commands/commandResult";
import { can, caucusSideOf } from "~/server/policies/negotiation";
import { presentCaucusNote, presentThreads } from "~/server/presenters/talk";
import { numberAgreement } from "~/shared/numbering";
import { TALK_INTENTS } from "~/shared/schemas/talk";
import type { NegotiationAccess } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";
import { RECORD_ID_PATTERN } from "~/shared/agreement";


/**
 * The discussion page (and the per-clause panel in the workspace, which loads it with ?clause=):
 * every shared comment, and the caucus notes of the viewer's own side only.
 */
export async function loadDiscussion(context: AppLoadContext, access: NegotiationAccess, url: URL) {
  const { negotiation, membership, user, facts } = access;
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
    participants: (await listParticipants(context.driver.db, negotiation.id)).map((p) => ({ userId: p.userId, username: p.username, displayName: p.displayName, side: p.side })),
    threads: presentThreads(await commentsOf(context.driver.db, negotiation.id), viewer).filter(inScope),
    caucusSide,
    notes: (await caucusNotesFor(context.driver.db, negotiation.id, caucusSide))
      .map((n) => presentCaucusNote(n, viewer))
      .filter(inScope),
    can: { comment: can(membership, "comment", facts), writeCaucus: can(membership, "writeCaucus", facts) },
  };
}

export type DiscussionData = Awaited<ReturnType<typeof loadDiscussion>>;

/** Comments (post, resolve, reopen) need "comment"; notes need "writeCaucus"; each is one command. */
const TALK_FORMS = {
  comment: intent({
    schema: TALK_INTENTS.comment,
    policy: "comment",
    run: async (data, { context, access: { negotiation }, actor }) => {
      if (data.clauseId && !(await context.collab.readAgreement(negotiation.id)).clauses.some((c) => c.id === data.clauseId)) {
        return refuse("no_such_clause", { key: "request.noSuchClause" }, "clauseId");
      }
      const people = await listParticipants(context.driver.db, negotiation.id);
      return postComment(context, actor, { body: data.body, clauseId: data.clauseId, parentId: data.parentId, participants: people });
    },
  }),
  resolve: intent({
    schema: TALK_INTENTS.resolve,
    policy: "comment",
    run: (data, { context, actor }) => setCommentResolved(context, actor, { commentId: data.commentId, resolved: true }),
  }),
  reopen: intent({
    schema: TALK_INTENTS.reopen,
    policy: "comment",
    run: (data, { context, actor }) => setCommentResolved(context, actor, { commentId: data.commentId, resolved: false }),
  }),
  note: intent({
    schema: TALK_INTENTS.note,
    policy: "writeCaucus",
    run: async (data, { context, actor }) => {
      const result = await writeCaucusNote(context, actor, { body: data.body, clauseId: data.clauseId });
      return result.ok ? done(null) : result;
    },
  }),
  deleteNote: intent({
    schema: TALK_INTENTS.deleteNote,
    policy: "writeCaucus",
    run: async (data, { context, actor }) => {
      const result = await deleteCaucusNote(context, actor, { noteId: data.noteId });
      return result.ok ? done(null) : result;
    },
  }),
} satisfies Record<keyof typeof TALK_INTENTS, unknown>;

export type TalkActionData = IntentOutcome<typeof TALK_FORMS>;

export async function discussionAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, { intents: TALK_FORMS, unknownIntentPolicy: "comment", kind: "api" });
}
