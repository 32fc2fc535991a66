import { Form } from "@remix-run/react";
import { useState } from "react";
import { Field, FormAlert } from "../../components/FormField";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import type { SignFormProps } from "./signForms";

/** S-7: what the labour administration answered; with no objection, the agreement's term. */
export function ReviewForm({ page, forms, busy }: SignFormProps) {
  const t = useT();
  const errors = forms.errorsFor("review");
  const [outcome, setOutcome] = useState<"no_objection" | "objection">("no_objection");
  return (
    <Form method="post" noValidate className="form" onSubmit={forms.check("review")} aria-label={t.reviewSubmit}>
      <input type="hidden" name="intent" value="review" />
      <FormAlert message={errors._form} />
      <fieldset>
        <legend>{t.reviewOutcome}</legend>
        <label className="inline">
          <input type="radio" name="outcome" value="no_objection" checked={outcome === "no_objection"} onChange={() => setOutcome("no_objection")} />
          {t.reviewNoObjection}
        </label>
        <label className="inline">
          <input type="radio" name="outcome" value="objection" checked={outcome === "objection"} onChange={() => setOutcome("objection")} />
          {t.reviewObjection}
        </label>
      </fieldset>
      <Field label={t.reviewedOnLabel} id="review-reviewedOn" error={errors.reviewedOn}>
        <input type="date" name="reviewedOn" defaultValue={page.today} required />
      </Field>
      {outcome === "no_objection" ? (
        <Field label={t.termYears} id="review-termYears" error={errors.termYears}>
          <select name="termYears" defaultValue="3">
            {[1, 2, 3].map((n) => (
              <option key={n} value={String(n)}>
                {format(t.termYearsOption, { n })}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field label={t.reviewNote} id="review-note" error={errors.note}>
        <textarea name="note" maxLength={1000} rows={3} />
      </Field>
      <button type="submit" disabled={busy}>
        {t.reviewSubmit}
      </button>
    </Form>
  );
}
