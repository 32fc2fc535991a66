import type { Lang } from "../i18n/format";
import { issueMessage, type IssueLike } from "./issueText";

/**
 * What both sides need to read a page's intent forms: which intent a submission names, and the
 * field errors of a failed zod check keyed by field (the first message per field), in the
 * reader's language — the browser's instant check and the server's answer say the same words.
 */
export type FieldErrors = Record<string, string>;

/** The intent a form names, when the page's table knows it; null for anything else. */
export function intentOf<T extends Record<string, unknown>>(intents: T, value: unknown): (keyof T & string) | null {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(intents, value) ? value : null;
}

/** Field errors keyed by the issue's path (`_form` for the form as a whole), rendered in `lang`. */
export function fieldErrorsOf(issues: readonly IssueLike[], lang: Lang): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issueMessage(lang, issue);
  }
  return errors;
}
