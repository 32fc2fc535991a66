/**
 * What both sides need to read a page's intent forms: which intent a submission names, and the
 * field errors of a failed zod check keyed by field (the first message per field, Chinese first).
 */
export type FieldErrors = Record<string, string>;

/** The intent a form names, when the page's table knows it; null for anything else. */
export function intentOf<T extends Record<string, unknown>>(intents: T, value: unknown): (keyof T & string) | null {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(intents, value) ? value : null;
}

/** Field errors keyed by the issue's path (`_form` for the form as a whole). */
export function fieldErrorsOf(issues: readonly { path: (string | number)[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}
