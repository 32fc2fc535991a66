import { commentSchema } from "~/shared/schemas/talk";
import type { Mentionable } from "~/shared/talk/mentions";
import type { CaucusNoteView, CommentThreadView } from "~/server/presenters/talk";
import { useLang, useT } from "../i18n/useT";
import { MentionText } from "./MentionText";
import { TalkButton, TalkForm } from "./TalkForms";

export function useWhenShort() {
  const lang = useLang();
  return (ms: number) => new Date(ms).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "short", timeStyle: "short" });
}

/** One thread: the root comment, its replies, resolve/reopen and a reply form. */
export function CommentThread({ negotiationId, thread, people, me }: { negotiationId: string; thread: CommentThreadView; people: readonly Mentionable[]; me: string }) {
  const t = useT();
  const when = useWhenShort();
  return (
    <li className={`thread${thread.resolved ? " resolved" : ""}`} data-testid="thread" data-comment-id={thread.id}>
      {[thread, ...thread.replies].map((c, i) => (
        <div key={c.id} className={i === 0 ? "comment" : "comment reply"} data-testid={`comment-${c.id}`}>
          <div className="comment-meta">
            <strong>{c.authorName}</strong> <small className="muted">{when(c.createdAt)}</small>
            {c.mentionsMe ? (
              <span className="badge mention-badge" data-testid="mentions-me">
                {t.mentionsMe}
              </span>
            ) : null}
            {i === 0 && thread.resolved ? <span className="badge">{t.resolved}</span> : null}
          </div>
          <p className="comment-body">
            <MentionText text={c.body} people={people} me={me} />
          </p>
        </div>
      ))}
      <div className="thread-tools">
        {thread.canResolve ? (
          <TalkButton negotiationId={negotiationId} fields={{ intent: thread.resolved ? "reopen" : "resolve", commentId: thread.id }} label={thread.resolved ? t.reopen : t.resolve} testId={`resolve-${thread.id}`} />
        ) : null}
        {thread.canReply && !thread.resolved ? (
          <details className="reply-box">
            <summary>{t.reply}</summary>
            <TalkForm negotiationId={negotiationId} schema={commentSchema} intent="comment" hidden={{ parentId: thread.id }} field="body" fieldLabel={t.replyBody} submit={t.reply} testId={`reply-form-${thread.id}`} rows={2} />
          </details>
        ) : null}
      </div>
    </li>
  );
}

export function CaucusNote({ negotiationId, note }: { negotiationId: string; note: CaucusNoteView }) {
  const when = useWhenShort();
  const t = useT();
  return (
    <li className="caucus-note" data-testid="caucus-note">
      <div className="comment-meta">
        <strong>{note.authorName}</strong> <small className="muted">{when(note.createdAt)}</small>
        {note.canDelete ? <TalkButton negotiationId={negotiationId} fields={{ intent: "deleteNote", noteId: note.id }} label={t.deleteNote} className="small danger" /> : null}
      </div>
      <p className="comment-body">{note.body}</p>
    </li>
  );
}
