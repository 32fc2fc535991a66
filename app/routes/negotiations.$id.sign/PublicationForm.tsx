import { Form } from "@remix-run/react";
import { Field, FormAlert } from "../../components/FormField";
import { useT } from "../../i18n/useT";
import type { SignFormProps } from "./signForms";

/** S-7: the date the agreement was published to the workers (公布). */
export function PublicationForm({ page, forms, busy }: SignFormProps) {
  const t = useT();
  const errors = forms.errorsFor("publish");
  return (
    <Form method="post" noValidate className="form" onSubmit={forms.check("publish")} aria-label={t.publishSubmit}>
      <input type="hidden" name="intent" value="publish" />
      <FormAlert message={errors._form} />
      <Field label={t.publishedOnLabel} id="publish-publishedOn" error={errors.publishedOn}>
        <input type="date" name="publishedOn" defaultValue={page.today} required />
      </Field>
      <button type="submit" disabled={busy}>
        {t.publishSubmit}
      </button>
    </Form>
  );
}
