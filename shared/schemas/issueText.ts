import { defaultErrorMap, type ZodIssue } from "zod";
import type { Lang } from "../i18n/format";
import { REFUSAL_KEYS, refusalText, type RefusalKey, type RefusalText } from "../i18n/refusals";

/**
 * A schema's messages are catalogue entries (shared/i18n/schemaMessages.ts), not words: zod
 * carries only a string `message` on an issue, so a schema writes `fieldMessage(key, params)` —
 * the entry as JSON — and whoever shows the issue renders it in its reader's language with
 * `issueMessage(lang, issue)` (the page's instant check, the form runner, the JSON routes).
 */
export function fieldMessage(key: RefusalKey, params?: RefusalText["params"]): string {
  return JSON.stringify(params ? { key, params } : { key });
}

/** A field's name as a nested parameter of its message (`{ label: label("label.title") }`). */
export const label = (key: RefusalKey): RefusalText => ({ key });

const KNOWN = new Set<string>(REFUSAL_KEYS);

/** The catalogue entry a message names, or null for a message written as words (not by our schemas). */
function entryOf(message: string): RefusalText | null {
  if (!message.startsWith('{"key":')) return null;
  try {
    const entry = JSON.parse(message) as RefusalText;
    return KNOWN.has(entry.key) ? entry : null;
  } catch {
    return null;
  }
}

/** What an issue needs: its path and message; a zod issue also has its code, to word zod's own checks. */
export type IssueLike = { path: (string | number)[]; message: string } | ZodIssue;

/**
 * An issue's words: the schema's catalogue entry; for a check that gave no message, zod's own
 * (English) message read from the issue's code into the catalogue; any other message as it stands.
 */
export function issueText(issue: IssueLike): RefusalText | string {
  const entry = entryOf(issue.message);
  if (entry) return entry;
  if ("code" in issue && defaultErrorMap(issue, { defaultError: "Invalid input", data: undefined }).message === issue.message) return zodIssueText(issue);
  return issue.message;
}

export function issueMessage(lang: Lang, issue: IssueLike): string {
  const text = issueText(issue);
  return typeof text === "string" ? text : refusalText(lang, text);
}

/** Zod's own checks (no message given), in the catalogue: a missing field, a wrong type, a length. */
export function zodIssueText(issue: ZodIssue): RefusalText {
  switch (issue.code) {
    case "invalid_type":
      return issue.received === "undefined" ? { key: "zod.missing" } : { key: "zod.invalidType", params: { expected: issue.expected, received: issue.received } };
    case "invalid_enum_value": {
      const options = issue.options.map(String);
      return { key: "zod.invalidEnum", params: { received: String(issue.received), options: { zh: options.join("、"), en: options.join(", ") } } };
    }
    case "too_big":
      return issue.type === "array" ? { key: "zod.tooManyItems", params: { max: Number(issue.maximum) } } : { key: "zod.tooLong", params: { max: Number(issue.maximum) } };
    case "too_small":
      return issue.type === "array" ? { key: "zod.tooFewItems", params: { min: Number(issue.minimum) } } : { key: "zod.empty" };
    case "invalid_string":
      return { key: "zod.malformed" };
    default:
      return { key: "zod.invalid" };
  }
}

/** A path inside an uploaded JSON file the way its reader finds it: `clauses[3].topic`. */
export function jsonFieldPath(path: readonly (string | number)[]): RefusalText | string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out || { key: "draft.root" };
}
