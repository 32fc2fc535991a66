import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { ZodTypeAny } from "zod";
import { ActionFailed, Field } from "../components/FormField";
import { useIntentForms } from "../components/useIntentForms";
import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";
import type { TalkActionData } from "../routes/negotiations.$id.discussion/discussion.server";

export const discussionAction = (negotiationId: string) => `/negotiations/${negotiationId}/discussion`;

/**
 * A small form posted with a fetcher to the discussion action: checked first with the same zod
 * schema the server uses, cleared after success. The page (and the workspace) refresh by revalidation.
 */
export function TalkForm({
  negotiationId,
  schema,
  intent,
  hidden,
  field,
  fieldLabel,
  hint,
  submit,
  testId,
  children,
  rows = 3,
}: {
  negotiationId: string;
  schema: ZodTypeAny;
  intent: string;
  hidden?: Record<string, string | undefined>;
  field: string;
  fieldLabel: string;
  hint?: string;
  submit: string;
  testId: string;
  children?: ReactNode;
  rows?: number;
}) {
  const t = useT();
  const fetcher = useFetcher<TalkActionData>();
  const form = useRef<HTMLFormElement>(null);
  const { errorsFor, check } = useIntentForms({ [intent]: schema }, fetcher.state === "idle" ? fetcher.data : undefined);
  const shown = errorsFor(intent);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) form.current?.reset();
  }, [fetcher.state, fetcher.data]);
  return (
    <fetcher.Form method="post" action={discussionAction(negotiationId)} ref={form} onSubmit={check(intent)} className="talk-form" data-testid={testId} noValidate>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      {children}
      <Field label={fieldLabel} id={testId} error={shown[field]} hint={hint}>
        <textarea name={field} rows={rows} />
      </Field>
      {shown._form || shown.clauseId || shown.parentId ? (
        <p className="form-error" role="alert">
          {format(t.actionFailed, { message: shown._form ?? shown.clauseId ?? shown.parentId })}
        </p>
      ) : null}
      <button type="submit" className="small primary" disabled={fetcher.state !== "idle"}>
        {submit}
      </button>
    </fetcher.Form>
  );
}

/** A one-button action (resolve, reopen, delete a note) posted with a fetcher. */
export function TalkButton({ negotiationId, fields, label, testId, className = "small" }: { negotiationId: string; fields: Record<string, string>; label: string; testId?: string; className?: string }) {
  const fetcher = useFetcher<TalkActionData>();
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <fetcher.Form method="post" action={discussionAction(negotiationId)} className="inline-form">
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={className} disabled={fetcher.state !== "idle"} data-testid={testId}>
        {label}
      </button>
      <ActionFailed message={failed} />
    </fetcher.Form>
  );
}
