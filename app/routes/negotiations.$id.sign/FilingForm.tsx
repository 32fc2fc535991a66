import { Form } from "@remix-run/react";
import { Field, FormAlert } from "../../components/FormField";
import { useT } from "../../i18n/useT";
import type { SignFormProps } from "./signForms";

/** S-7: the date the enterprise side filed the signed agreement (报送审查). */
export function FilingForm({ page, forms, busy }: SignFormProps) {
  const t = useT();
  const errors = forms.errorsFor("file");
  return (
    <Form method="post" noValidate className="form" onSubmit={forms.check("file")} aria-label={t.fileSubmit}>
      <input type="hidden" name="intent" value="file" />
      <FormAlert message={errors._form} />
      <Field label={t.filedOnLabel} id="file-filedOn" error={errors.filedOn}>
        <input type="date" name="filedOn" defaultValue={page.today} required />
      </Field>
      <button type="submit" disabled={busy}>
        {t.fileSubmit}
      </button>
    </Form>
  );
}
