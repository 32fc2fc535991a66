import { Form } from "@remix-run/react";
import { Field, FormAlert } from "../../components/FormField";
import { useT } from "../../i18n/useT";
import type { SignFormProps } from "./signForms";

const COUNTS = ["total", "attended", "approved", "against", "abstained"] as const;

/** S-2: the 职代会/职工大会 vote on the version whose text is live. */
export function RatificationForm({ page, forms, busy }: SignFormProps) {
  const t = useT();
  const errors = forms.errorsFor("ratify");
  const countLabel = { total: t.ratTotal, attended: t.ratAttended, approved: t.ratApproved, against: t.ratAgainst, abstained: t.ratAbstained };
  return (
    <Form method="post" noValidate className="form" onSubmit={forms.check("ratify")} aria-labelledby="ratification-title">
      <input type="hidden" name="intent" value="ratify" />
      <FormAlert message={errors._form} />
      <Field label={t.ratificationBody} id="rat-body" error={errors.body}>
        <select name="body" defaultValue="congress">
          <option value="congress">{t.bodyCongress}</option>
          <option value="assembly">{t.bodyAssembly}</option>
        </select>
      </Field>
      <div className="form-row">
        {COUNTS.map((field) => (
          <div className="form-col count-col" key={field}>
            <Field label={countLabel[field]} id={`rat-${field}`} error={errors[field]}>
              <input name={field} inputMode="numeric" pattern="[0-9]*" required={field === "total" || field === "attended" || field === "approved"} />
            </Field>
          </div>
        ))}
      </div>
      <div className="form-row">
        <div className="form-col">
          <Field label={t.ratHeldOn} id="rat-heldOn" error={errors.heldOn}>
            <input type="date" name="heldOn" defaultValue={page.today} required />
          </Field>
        </div>
        <div className="form-col">
          <Field label={t.ratResolutionNo} id="rat-resolutionNo" error={errors.resolutionNo}>
            <input name="resolutionNo" maxLength={100} required />
          </Field>
        </div>
      </div>
      <Field label={t.ratVersion} id="rat-versionId" error={errors.versionId}>
        <select name="versionId" defaultValue={page.ratify.defaultVersionId}>
          {page.ratify.versions.map((v) => (
            <option key={v.id} value={v.id}>
              #{v.seq} {v.label}
            </option>
          ))}
          <option value="live">{t.ratVersionLive}</option>
        </select>
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {t.ratSubmit}
      </button>
    </Form>
  );
}
