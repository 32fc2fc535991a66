import { mentionSegments, type Mentionable } from "~/shared/talk/mentions";

/** A comment's text with its @mentions highlighted (the same parser the server stored them with). */
export function MentionText({ text, people, me }: { text: string; people: readonly Mentionable[]; me: string }) {
  return (
    <>
      {mentionSegments(text, people).map((s, i) =>
        s.kind === "mention" ? (
          <mark key={i} className={`mention${s.userId === me ? " mention-me" : ""}`}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
