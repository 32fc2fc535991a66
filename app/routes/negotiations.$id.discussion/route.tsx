import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { SIDE_LABELS } from "~/shared/roles";
import { caucusNoteSchema, commentSchema } from "~/shared/schemas/talk";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { CaucusNote, CommentThread } from "../../talk/CommentThread";
import { TalkForm } from "../../talk/TalkForms";
import { discussionAction, loadDiscussion } from "./discussion.server";
import { NegotiationPageTitle } from "../../components/NegotiationPageTitle";

export const meta = pageTitle("pageDiscussion");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadDiscussion(context, await requireNegotiation(request, context, params.id, "read"), new URL(request.url)), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return discussionAction(request, context, params.id);
}

/** Groups rows by clause in document order, the negotiation-wide ones ("") first. */
function byClause<T extends { clauseId: string | null }>(rows: readonly T[], order: readonly { id: string }[]) {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(r.clauseId ?? "", [...(groups.get(r.clauseId ?? "") ?? []), r]);
  const keys = ["", ...order.map((c) => c.id), ...[...groups.keys()].filter((k) => k && !order.some((c) => c.id === k))];
  return keys.filter((k) => groups.has(k)).map((k) => ({ clauseId: k, rows: groups.get(k)! }));
}

export default function Discussion() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const [params] = useSearchParams();
  useLiveRevalidation(data.negotiation.id, ["comments", "caucus"]);
  const onlyMine = params.get("mine") === "1";
  const showResolved = params.get("resolved") === "1";
  const threads = data.threads.filter((th) => (!onlyMine || th.mentionsMe) && (showResolved || !th.resolved || onlyMine));
  const clauseName = (id: string) => {
    if (!id) return t.generalComments;
    const c = data.clauses.find((x) => x.id === id);
    return c ? `${c.label} ${c.title}` : id;
  };
  // The clauses to pick from: what a new thread or note is about (clauseId), or what the list shows (clause).
  const clauseSelect = (name: "clauseId" | "clause", none: string, id?: string) => (
    <label>
      {t.clauseFilter}
      <select name={name} defaultValue={data.clause ?? ""} id={id}>
        <option value="">{none}</option>
        {data.clauses.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label} {c.title}
          </option>
        ))}
      </select>
    </label>
  );
  const mineCount = data.threads.filter((th) => th.mentionsMe).length;

  return (
    <div className="page wide">
      <NegotiationPageTitle page={t.discussionTitle} negotiation={data.negotiation} navLabel={t.discussion} onward={[{ path: "meetings", label: t.meetings }]} />
      {data.negotiation.locked ? <p className="notice">{t.talkReadOnly}</p> : null}
      <Form method="get" className="talk-filter card" data-testid="talk-filter">
        {clauseSelect("clause", t.allClauses)}
        <label className="checkbox">
          <input type="checkbox" name="mine" value="1" defaultChecked={onlyMine} data-testid="only-mine" />
          {t.onlyMentionsMe} {mineCount ? <span className="badge mention-badge">{`${t.mentionsMe} ${mineCount}`}</span> : null}
        </label>
        <label className="checkbox">
          <input type="checkbox" name="resolved" value="1" defaultChecked={showResolved} />
          {t.showResolved}
        </label>
        <button type="submit" className="small">
          {t.applyFilter}
        </button>
      </Form>
      <div className="talk-columns">
        <section className="card" aria-labelledby="comments-title" data-testid="comments">
          <h2 id="comments-title">{t.comments}</h2>
          <p className="muted">{t.commentsHint}</p>
          {threads.length === 0 ? <p className="muted">{t.noComments}</p> : null}
          {byClause(threads, data.clauses).map((group) => (
            <div key={group.clauseId || "general"} className="talk-group">
              <h3>{clauseName(group.clauseId)}</h3>
              <ul className="threads">
                {group.rows.map((thread) => (
                  <CommentThread key={thread.id} negotiationId={data.negotiation.id} thread={thread} people={data.participants} me={data.me.userId} />
                ))}
              </ul>
            </div>
          ))}
          {data.can.comment ? (
            <TalkForm negotiationId={data.negotiation.id} schema={commentSchema} intent="comment" field="body" fieldLabel={t.commentBody} hint={t.commentBodyHint} submit={t.writeComment} testId="comment-form">
              {clauseSelect("clauseId", t.wholeNegotiation, "comment-clause")}
            </TalkForm>
          ) : data.negotiation.locked ? null : (
            <p className="notice">{t.observerCannotComment}</p>
          )}
        </section>
        {data.caucusSide ? (
          <section className="card caucus" aria-labelledby="caucus-title" data-testid="caucus">
            <h2 id="caucus-title">{format(t.caucusTitle, { side: label(SIDE_LABELS[data.caucusSide]) })}</h2>
            <p className="muted">{t.caucusHint}</p>
            {data.notes.length === 0 ? <p className="muted">{t.noNotes}</p> : null}
            {byClause(data.notes, data.clauses).map((group) => (
              <div key={group.clauseId || "general"} className="talk-group">
                <h3>{clauseName(group.clauseId)}</h3>
                <ul className="notes">
                  {group.rows.map((note) => (
                    <CaucusNote key={note.id} negotiationId={data.negotiation.id} note={note} />
                  ))}
                </ul>
              </div>
            ))}
            {data.can.writeCaucus ? (
              <TalkForm negotiationId={data.negotiation.id} schema={caucusNoteSchema} intent="note" field="body" fieldLabel={t.noteBody} submit={t.writeNote} testId="note-form">
                {clauseSelect("clauseId", t.wholeNegotiation, "note-clause")}
              </TalkForm>
            ) : null}
          </section>
        ) : (
          <section className="card" aria-label={t.caucusNotes}>
            <p className="muted">{t.caucusNone}</p>
          </section>
        )}
      </div>
    </div>
  );
}
