import { useState, type FormEvent } from "react";
import type { ZodTypeAny } from "zod";
import { intentOf } from "../../shared/schemas/admin";
import { issuesToErrors } from "./FormField";

type Errors = Record<string, string>;

/**
 * A page of several small forms, each submitting an `intent` checked by its own zod schema: the
 * browser checks a form before it is sent (instant Chinese errors), and each form shows only its
 * own errors — the browser's, or the server's answer for that form.
 */
export function useIntentForms(
  intents: Record<string, ZodTypeAny>,
  serverErrors: { form: string; errors: Errors } | null,
) {
  const [client, setClient] = useState<{ form: string; errors: Errors } | null>(null);
  const errorsFor = (form: string): Errors => {
    if (client?.form === form) return client.errors;
    return serverErrors?.form === form ? serverErrors.errors : {};
  };
  const check = (form: string) => (event: FormEvent<HTMLFormElement>) => {
    const data = new FormData(event.currentTarget);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.name) data.set(submitter.name, submitter.value);
    const intent = intentOf(intents, data.get("intent"));
    if (!intent) return;
    const parsed = intents[intent].safeParse(Object.fromEntries(data));
    if (parsed.success) return setClient(null);
    event.preventDefault();
    setClient({ form, errors: issuesToErrors(parsed.error.issues) });
  };
  return { errorsFor, check };
}
