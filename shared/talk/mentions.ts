/**
 * @mentions in comments: `@username` or `@displayName` of a participant. Parsed on the server when
 * a comment is posted (the mentioned user ids are stored) and on the client to highlight them, with
 * the same function, so what is highlighted is what was recorded.
 */
export interface Mentionable {
  userId: string;
  username: string;
  displayName: string;
}

export type MentionSegment = { kind: "text"; text: string } | { kind: "mention"; text: string; userId: string };

/** Longest handles first, so `@张三丰` is not read as `@张三` followed by 丰. */
function handles(people: readonly Mentionable[]): { handle: string; userId: string }[] {
  const all = people.flatMap((p) => [
    { handle: p.username, userId: p.userId },
    { handle: p.displayName, userId: p.userId },
  ]);
  return all.filter((h) => h.handle.length > 0).sort((a, b) => b.handle.length - a.handle.length);
}

/** A handle ends where a Latin name could not go on: `@union.chief,` ends at the comma, `@union.chiefs` does not match. */
function endsCleanly(text: string, at: number, handle: string): boolean {
  const next = text[at];
  if (next === undefined) return true;
  const lastIsLatin = /[A-Za-z0-9_.-]/.test(handle[handle.length - 1]);
  if (!lastIsLatin) return true;
  // A sentence-ending period after a username is punctuation, not part of the name.
  if (next === "." && !/[A-Za-z0-9_]/.test(text[at + 1] ?? "")) return true;
  return !/[A-Za-z0-9_.-]/.test(next);
}

/** Splits a comment into plain text and mentions of known participants. */
export function mentionSegments(text: string, people: readonly Mentionable[]): MentionSegment[] {
  const known = handles(people);
  const segments: MentionSegment[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "@") {
      const hit = known.find((h) => text.startsWith(h.handle, i + 1) && endsCleanly(text, i + 1 + h.handle.length, h.handle));
      if (hit) {
        if (plain) segments.push({ kind: "text", text: plain });
        plain = "";
        const length = 1 + hit.handle.length;
        segments.push({ kind: "mention", text: text.slice(i, i + length), userId: hit.userId });
        i += length;
        continue;
      }
    }
    plain += text[i];
    i++;
  }
  if (plain) segments.push({ kind: "text", text: plain });
  return segments;
}

/** The distinct user ids a comment mentions, in order of first mention. */
export function parseMentions(text: string, people: readonly Mentionable[]): string[] {
  const ids: string[] = [];
  for (const s of mentionSegments(text, people)) if (s.kind === "mention" && !ids.includes(s.userId)) ids.push(s.userId);
  return ids;
}
