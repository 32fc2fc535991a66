import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { MODE_LABELS, MODES, ROLE_LABELS, ROLES, roleFitsSide, SCOPE_LABELS, SCOPES, SIDE_LABELS, SIDES, type Side } from "~/shared/roles";
import { flattenTree, type TreeRow } from "~/shared/orgTree";
import { chinaToday, isCalendarDate, proposalAnswerDeadline } from "~/shared/rules/deadlines";
import { MAX_DRAFT_BYTES, parseDraftJson, type OrganisationChoice } from "~/shared/schemas/negotiation";
import { Field, FieldError, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { format } from "../../i18n/catalogue";
import { useLabel, useLang, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { refusalText } from "~/shared/i18n/refusals";
import setupStyles from "../../styles/setup.css?url";
import { defaultSeat, organisationChoices, requireStarter, startAction, wageAreaChoices, type StartActionData } from "./start.server";
import { DRAFT_FILE_TOO_LARGE, NO_DRAFT_FILE, startFormSchema } from "./startForm";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageNewNegotiation");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStarter(request, context);
  const today = chinaToday();
  return json({
    organisations: await organisationChoices(context),
    today,
    answerDeadline: proposalAnswerDeadline(today),
    seat: await defaultSeat(context, user),
    wageAreas: await wageAreaChoices(context),
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return startAction(request, context);
}

/** The organisations of one kind as options, indented by their depth in the tree. */
function OrganisationOptions({ rows }: { rows: TreeRow<OrganisationChoice>[] }) {
  return (
    <>
      {rows.map((r) => (
        <option key={r.node.id} value={r.node.id}>
          {"\u3000".repeat(r.depth)}
          {r.node.name}
        </option>
      ))}
    </>
  );
}

export default function StartNegotiation() {
  const { organisations, today, seat, wageAreas } = useLoaderData<typeof loader>();
  const schemas = useMemo(() => ({ start: startFormSchema(organisations, wageAreas) }), [organisations, wageAreas]);
  const { errorsFor, valuesFor, check } = useIntentForms(schemas, useActionData<typeof action>() as StartActionData | undefined);
  const t = useT();
  const lang = useLang();
  const label = useLabel();
  const busy = useNavigation().state === "submitting";
  // A refused form comes back with what was typed ("" for a field the browser did not send).
  const values = valuesFor("start");
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState(values.mode || "standard");
  const [proposedOn, setProposedOn] = useState(values.proposedOn || today);
  const [draftSource, setDraftSource] = useState(values.draftSource || "blank");
  const [creatorSide, setCreatorSide] = useState<Side>((values.creatorSide as Side | undefined) || seat.side);
  const errors = { ...errorsFor("start") };
  if (fileError && draftSource === "import") errors.draftFile = fileError;
  // The draft file is read when chosen (its size and JSON, as the server checks them); the schema checks the rest.
  const fileChecks = (_intent: string, data: FormData): Record<string, string> => {
    if (data.get("draftSource") !== "import") return {};
    const file = data.get("draftFile");
    if (fileError) return { draftFile: fileError };
    return file instanceof File && file.size > 0 ? {} : { draftFile: refusalText(lang, NO_DRAFT_FILE) };
  };

  const tree = flattenTree(organisations);
  const unions = tree.filter((r) => r.node.kind === "union");
  const enterprises = tree.filter((r) => r.node.kind === "enterprise");
  const deadline = isCalendarDate(proposedOn) ? proposalAnswerDeadline(proposedOn) : null;

  return (
    <div className="page narrow-wide">
      <div className="page-title">
        <h1>{t.startTitle}</h1>
        <Link to="/negotiations">{t.back}</Link>
      </div>
      <p>{t.startIntro}</p>
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        className="card form"
        onSubmit={check("start", fileChecks)}
      >
        <input type="hidden" name="intent" value="start" />
        <FormAlert message={errors._form} />
        {Object.keys(errors).length > 0 && !errors._form ? (
          <p className="form-error" role="alert">
            {t.formHasErrors}
          </p>
        ) : null}

        <Field label={t.negotiationTitle} id="title" error={errors.title}>
          <input name="title" defaultValue={values.title} maxLength={200} required />
        </Field>

        <Field label={t.scope} id="scope" error={errors.scope}>
          <select name="scope" defaultValue={values.scope || "enterprise"}>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {label(SCOPE_LABELS[s])}
              </option>
            ))}
          </select>
        </Field>

        <div className="form-row">
          <div className="form-col">
            <Field label={t.region} id="region" error={errors.region}>
              <input name="region" defaultValue={values.region} maxLength={100} required />
            </Field>
            <Field label={t.evidenceArea} id="minimumWageArea" error={errors.minimumWageArea}>
              <select name="minimumWageArea" defaultValue={values.minimumWageArea || wageAreas[0]} data-testid="minimum-wage-area">
                {wageAreas.map((area) => (
                  <option key={area} value={area}>
                    {area}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="form-col">
            <Field label={t.industry} id="industry" error={errors.industry}>
              <input name="industry" defaultValue={values.industry} maxLength={100} required />
            </Field>
          </div>
        </div>

        <Field label={t.unionOrg} id="unionOrgId" error={errors.unionOrgId}>
          <select name="unionOrgId" defaultValue={values.unionOrgId || ""}>
            <option value="">{t.chooseOne}</option>
            <OrganisationOptions rows={unions} />
          </select>
        </Field>

        <Field label={t.enterpriseOrg} id="enterpriseOrgId" error={errors.enterpriseOrgId}>
          <select name="enterpriseOrgId" defaultValue={values.enterpriseOrgId || ""}>
            <option value="">{t.chooseOne}</option>
            <OrganisationOptions rows={enterprises} />
          </select>
        </Field>

        <Field label={t.mode} id="mode" error={errors.mode}>
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {label(MODE_LABELS[m])}
              </option>
            ))}
          </select>
        </Field>

        <Field label={t.higherUnion} id="higherUnionOrgId" error={errors.higherUnionOrgId} hint={t.higherUnionHint}>
          <select name="higherUnionOrgId" defaultValue={values.higherUnionOrgId || ""} disabled={mode === "standard"}>
            <option value="">{t.none}</option>
            <OrganisationOptions rows={unions} />
          </select>
        </Field>

        <div className="form-row">
          <div className="form-col">
            <Field label={t.proposedBy} id="proposedBySide" error={errors.proposedBySide}>
              <select name="proposedBySide" defaultValue={values.proposedBySide || (seat.side === "enterprise" ? "enterprise" : "union")}>
                <option value="union">{label(SIDE_LABELS.union)}</option>
                <option value="enterprise">{label(SIDE_LABELS.enterprise)}</option>
              </select>
            </Field>
          </div>
          <div className="form-col">
            <Field label={t.proposedOn} id="proposedOn" error={errors.proposedOn}>
              <input type="date" name="proposedOn" value={proposedOn} onChange={(e) => setProposedOn(e.target.value)} required />
            </Field>
          </div>
        </div>
        <p className="notice" aria-live="polite">
          {t.answerDeadline}:
          <strong data-testid="answer-deadline">{deadline ?? "—"}</strong>
          {deadline ? ` ${format(t.answerDeadlineHint, { days: 20 })}` : null}
        </p>

        <fieldset>
          <legend>{t.yourSeatAtTable}</legend>
          <div className="form-row">
            <div className="form-col">
              <Field label={t.side} id="creatorSide" error={errors.creatorSide}>
                <select name="creatorSide" value={creatorSide} onChange={(e) => setCreatorSide(e.target.value as Side)}>
                  {SIDES.map((s) => (
                    <option key={s} value={s}>
                      {label(SIDE_LABELS[s])}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <div className="form-col">
              <Field label={t.role} id="creatorRole" error={errors.creatorRole}>
                <select
                  name="creatorRole"
                  key={creatorSide}
                  defaultValue={values.creatorRole || (creatorSide === "observer" ? "observer" : "chief")}
                 
                >
                  {ROLES.filter((r) => roleFitsSide(creatorSide, r)).map((r) => (
                    <option key={r} value={r}>
                      {label(ROLE_LABELS[r])}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </div>
        </fieldset>

        <fieldset aria-describedby={errors.draftSource ? "draftSource-error" : undefined}>
          <legend>{t.draftSource}</legend>
          <label className="inline">
            <input type="radio" name="draftSource" value="blank" checked={draftSource === "blank"} onChange={() => setDraftSource("blank")} />
            {t.blankDraftHint}
          </label>
          <label className="inline">
            <input type="radio" name="draftSource" value="import" checked={draftSource === "import"} onChange={() => setDraftSource("import")} />
            {t.importDraft}
          </label>
          <FieldError id="draftSource-error" message={errors.draftSource} />
          <Field label={t.importFile} id="draftFile" error={errors.draftFile} hint={t.importFileHint}>
            <input
              type="file"
              name="draftFile"
              accept="application/json,.json"
              disabled={draftSource !== "import"}
              onChange={async (event) => {
                const file = event.currentTarget.files?.[0];
                if (!file) return setFileError(null);
                if (file.size > MAX_DRAFT_BYTES) return setFileError(refusalText(lang, DRAFT_FILE_TOO_LARGE));
                const parsed = parseDraftJson(await file.text(), file.size);
                setFileError(parsed.ok ? null : refusalText(lang, parsed.text));
              }}
            />
          </Field>
        </fieldset>

        <button type="submit" className="primary" disabled={busy}>
          {t.startSubmit}
        </button>
      </Form>
    </div>
  );
}
