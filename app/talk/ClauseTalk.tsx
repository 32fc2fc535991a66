import { Link, useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { SIDE_LABELS } from "~/shared/roles";
import { caucusNoteSchema, commentSchema } from "~/shared/schemas/talk";
import type { ClauseTalkCount } from "~/server/presenters/talk";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";
import type { DiscussionData } from "../routes/negotiations.$id.discussion/discussion.server";
import { CaucusNote, CommentThread } from "./CommentThread";
import { TalkForm } from "./TalkForms";

const EMPTY: ClauseTalkCount = { comments: 0, openThreads: 0, notes: 0, mentionsMe: 0 };

/**
 * The collapsible "评论 (n) · 内部备注 (n)" section under a clause in the workspace. Counts come
 * with the workspace's data (`talk`); the threads and this side's notes are fetched from the
 * discussion route when opened, and refresh with the page's live revalidation.
 */
export function ClauseTalk({ negotiationId, clauseId }: { negotiationId: string; clauseId: string }) {
  const t = useT();
  const label = useLabel();
  const workspace = useRouteLoaderData<{ talk?: Record<string, ClauseTalkCount>; abilities: { readCaucus: boolean } }>("routes/negotiations.$id._index");
  const counts = workspace?.talk?.[clauseId] ?? EMPTY;
  const [open, setOpen] = useState(false);
  const fetcher = useFetcher<DiscussionData>();
  const url = `/negotiations/${negotiationId}/discussion?clause=${encodeURIComponent(clauseId)}`;
  const stamp = `${counts.comments}/${counts.openThreads}/${counts.notes}`;
  useEffect(() => {
    if (open) fetcher.load(url);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when opened or when the counts change
  }, [open, url, stamp]);
  // No caucus notes to count for a seat without a side's notes (the readCaucus rule).
  const observer = workspace ? !workspace.abilities.readCaucus : false;
  const data = fetcher.data;
  const summary = observer ? format(t.talkSummaryObserver, { comments: String(counts.comments) }) : format(t.talkSummary, { comments: String(counts.comments), notes: String(counts.notes) });

  return (
    <details className="clause-talk" data-testid={`talk-${clauseId}`} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {summary}
        {counts.mentionsMe > 0 ? <span className="badge mention-badge">{t.mentionsMe}</span> : null}
      </summary>
      {!data ? (
        <p className="muted">{t.loading}</p>
      ) : (
        <div className="clause-talk-body">
          <section aria-label={t.comments}>
            <h4>{t.comments}</h4>
            {data.threads.length === 0 ? <p className="muted">{t.noComments}</p> : null}
            <ul className="threads">
              {data.threads.map((thread) => (
                <CommentThread key={thread.id} negotiationId={negotiationId} thread={thread} people={data.participants} me={data.me.userId} />
              ))}
            </ul>
            {data.can.comment ? (
              <TalkForm negotiationId={negotiationId} schema={commentSchema} intent="comment" hidden={{ clauseId }} field="body" fieldLabel={t.commentBody} hint={t.commentBodyHint} submit={t.writeComment} testId={`comment-form-${clauseId}`} rows={2} />
            ) : null}
          </section>
          {data.caucusSide ? (
            <section aria-label={t.caucusNotes} className="caucus">
              <h4>{format(t.caucusTitle, { side: label(SIDE_LABELS[data.caucusSide]) })}</h4>
              <small className="muted">{t.caucusHint}</small>
              <ul className="notes">
                {data.notes.map((note) => (
                  <CaucusNote key={note.id} negotiationId={negotiationId} note={note} />
                ))}
              </ul>
              {data.can.writeCaucus ? (
                <TalkForm negotiationId={negotiationId} schema={caucusNoteSchema} intent="note" hidden={{ clauseId }} field="body" fieldLabel={t.noteBody} submit={t.writeNote} testId={`note-form-${clauseId}`} rows={2} />
              ) : null}
            </section>
          ) : null}
          <Link to={`/negotiations/${negotiationId}/discussion?clause=${encodeURIComponent(clauseId)}`}>{t.openDiscussion}</Link>
        </div>
      )}
    </details>
  );
}
