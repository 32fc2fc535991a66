import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { coverageFormSchema } from "~/shared/schemas/ledger";
import { Field, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { coverageAction, coverageLoader, type CoverageActionData } from "./coverage.server";

const COVERAGE_SCHEMAS = { coverage: coverageFormSchema };

export const meta = pageTitle("pageCoverage");

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return coverageLoader(request, context, params.id);
}

export function action({ request, context, params }: ActionFunctionArgs) {
  return coverageAction(request, context, params.id);
}

/** 覆盖范围: the figures the ledger counts (docs/SPEC.md L-6). */
export default function CoveragePage() {
  const { negotiation, coverage, canEdit } = useLoaderData<typeof loader>();
  const { errorsFor, doneFor, check } = useIntentForms(COVERAGE_SCHEMAS, useActionData<typeof action>() as CoverageActionData | undefined);
  const t = useT();
  const errors = errorsFor("coverage");
  return (
    <div className="page narrow">
      <div className="page-title">
        <h1>
          {t.coverageTitle} · {negotiation.title}
        </h1>
        <Link to={`/negotiations/${negotiation.id}`}>{t.back}</Link>
      </div>
      <p>{t.coverageIntro}</p>
      {!canEdit ? <p className="hint">{t.coverageReadOnly}</p> : null}
      {doneFor("coverage") ? (
        <p role="status" data-testid="coverage-saved">
          {t.coverageSaved}
        </p>
      ) : null}
      <FormAlert message={errors._form} />
      <Form method="post" className="stack" aria-label={t.coverageTitle} noValidate onSubmit={check("coverage")}>
        <input type="hidden" name="intent" value="coverage" />
        <fieldset disabled={!canEdit}>
          <Field label={t.coverageEnterprises} id="enterprises" error={errors.enterprises}>
            <input name="enterprises" type="number" min={0} step={1} required defaultValue={coverage.enterprises ?? ""} />
          </Field>
          <Field label={t.coverageWorkers} id="workers" error={errors.workers}>
            <input name="workers" type="number" min={0} step={1} required defaultValue={coverage.workers ?? ""} />
          </Field>
          <Field label={t.coverageAlgorithm} id="algorithm" error={errors.algorithmConsultedOn}>
            <input name="algorithmConsultedOn" type="date" defaultValue={coverage.algorithmConsultedOn ?? ""} />
          </Field>
          <button type="submit" className="button primary">
            {t.save}
          </button>
        </fieldset>
      </Form>
    </div>
  );
}
