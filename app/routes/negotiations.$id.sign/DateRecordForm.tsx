import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormAlert } from "../../components/FormField";
import type { SignFormProps } from "./signForms";

/**
 * S-7: a post-signing record that is one date — the filing (报送审查, intent `file`) or the
 * publication to the workers (公布, intent `publish`). `children`: the form's further fields (the
 * filing's labour bureau, L-11).
 */
export function DateRecordForm({ page, forms, busy, intent, field, label, submit, children }: SignFormProps & { intent: "file" | "publish"; field: "filedOn" | "publishedOn"; label: string; submit: string; children?: ReactNode }) {
  const errors = forms.errorsFor(intent);
  return (
    <Form method="post" noValidate className="form" onSubmit={forms.check(intent)} aria-label={submit}>
      <input type="hidden" name="intent" value={intent} />
      <FormAlert message={errors._form} />
      <Field label={label} id={`${intent}-${field}`} error={errors[field]}>
        <input type="date" name={field} defaultValue={page.today} required />
      </Field>
      {children}
      <button type="submit" disabled={busy}>
        {submit}
      </button>
    </Form>
  );
}
