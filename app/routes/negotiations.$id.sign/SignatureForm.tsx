import { Form } from "@remix-run/react";
import { Field, FormAlert } from "../../components/FormField";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import type { SignFormProps } from "./signForms";

/** S-4: the signer's password again, for the slot the policy gives this seat. */
export function SignatureForm({ slotLabel, forms, busy }: Omit<SignFormProps, "page"> & { slotLabel: { zh: string; en: string } }) {
  const t = useT();
  const label = useLabel();
  const errors = forms.errorsFor("sign");
  return (
    <Form method="post" noValidate className="form sign-form" onSubmit={forms.check("sign")} aria-labelledby="signing-title">
      <input type="hidden" name="intent" value="sign" />
      <p>{format(t.signAs, { slot: label(slotLabel) })}</p>
      <FormAlert message={errors._form} />
      <Field label={t.signPassword} id="sign-password" error={errors.password}>
        <input type="password" name="password" autoComplete="current-password" required />
      </Field>
      <button type="submit" className="primary" disabled={busy} data-testid="sign-submit">
        {t.signSubmit}
      </button>
    </Form>
  );
}
