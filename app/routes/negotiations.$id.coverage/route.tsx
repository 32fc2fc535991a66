import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "../../components/FormField";
import { useT } from "../../i18n/useT";
import { coverageAction, coverageLoader } from "./coverage.server";

export const meta: MetaFunction = () => [{ title: "覆盖范围 · 同商" }];

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return coverageLoader(request, context, params.id);
}

export function action({ request, context, params }: ActionFunctionArgs) {
  return coverageAction(request, context, params.id);
}

/** 覆盖范围: the figures the ledger counts (docs/SPEC.md L-6). */
export default function CoveragePage() {
  const { negotiation, coverage, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string> = result?.errors ?? {};
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
      {result?.ok ? (
        <p role="status" data-testid="coverage-saved">
          {t.coverageSaved}
        </p>
      ) : null}
      {errors._form ? <p role="alert">{errors._form}</p> : null}
      <Form method="post" className="stack" aria-label={t.coverageTitle}>
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
