import { useState, type FormEvent } from "react";
import type { ZodTypeAny } from "zod";
import { fieldErrorsOf, intentOf, type FieldErrors } from "~/shared/schemas/intents";
import { useLang } from "../i18n/useT";

/** What the hook needs of an action's answer (app/intentForm.server.ts gives exactly this). */
export interface IntentAnswer {
  ok: boolean;
  intent: string | null;
  subject?: string | null;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** The form an answer belongs to: a row's forms by the row (subject), the page's own by intent. */
export const formOf = (intent: string | null | undefined, subject?: string | null): string => subject || intent || "_page";

/**
 * A page of several small forms, each submitting an `intent` checked by the zod schema its action
 * checks with: the browser checks a form before it is sent (instant errors), and each form shows
 * only its own errors — the browser's, or the server's answer for that form.
 */
export function useIntentForms<A extends IntentAnswer>(
  intents: Record<string, ZodTypeAny>,
  answer: A | undefined,
  /** How the form's data becomes the schema's input, where the server reads it the same way (repeated fields). */
  fieldsOf: (data: FormData) => Record<string, unknown> = Object.fromEntries,
) {
  const [client, setClient] = useState<{ form: string; errors: FieldErrors } | null>(null);
  // The instant check words its errors in the page's language, as the server's answer does.
  const lang = useLang();
  const answered = answer ? formOf(answer.intent, answer.subject) : null;
  const errorsFor = (form: string): FieldErrors => {
    if (client?.form === form) return client.errors;
    return answer && !answer.ok && answered === form ? (answer.errors ?? {}) : {};
  };
  /** The server's successful answer for this form, if the last submission was it. */
  const doneFor = (form: string): Extract<A, { ok: true }> | null => (answer?.ok && answered === form && client?.form !== form ? (answer as Extract<A, { ok: true }>) : null);
  /** The fields of this form as last refused by the server, to fill it again. */
  const valuesFor = (form: string): Record<string, string> => (answer && !answer.ok && answered === form ? (answer.values ?? {}) : {});
  /** The submit handler of `form`; `also` adds checks the schema cannot make in the browser (a file's size or content). */
  const check = (form: string, also?: (intent: string, data: FormData) => FieldErrors) => (event: FormEvent<HTMLFormElement>) => {
    const data = new FormData(event.currentTarget);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.name) data.set(submitter.name, submitter.value);
    const intent = intentOf(intents, data.get("intent"));
    if (!intent) return;
    const parsed = intents[intent]!.safeParse(fieldsOf(data));
    const errors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error.issues, lang)), ...also?.(intent, data) };
    // Valid here: the server's answer (a wrong password, a taken name) is what shows next.
    if (Object.keys(errors).length === 0) return setClient(null);
    event.preventDefault();
    setClient({ form, errors });
  };
  return { errorsFor, doneFor, valuesFor, check };
}
