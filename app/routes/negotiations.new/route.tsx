import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { MODE_LABELS, MODES, ROLE_LABELS, ROLES, roleFitsSide, SCOPE_LABELS, SCOPES, SIDE_LABELS, SIDES, type Side } from "../../../shared/roles";
import { flattenTree, type TreeRow } from "../../../shared/orgTree";
import { chinaToday, isCalendarDate, proposalAnswerDeadline } from "../../../shared/rules/deadlines";
import { MAX_DRAFT_BYTES, negotiationStartSchema, parseDraftJson, type OrganisationChoice } from "../../../shared/schemas/negotiation";
import { errorProps, FieldError } from "../../components/FormField";
import { fieldErrorsOf } from "../../../shared/schemas/intents";
import { requireStarter } from "./start.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import setupStyles from "../../styles/setup.css?url";
import { defaultSeat, organisationChoices, submitStart, wageAreaChoices } from "./start.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta: MetaFunction = () => [{ title: "发起协商 · 同商" }];

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

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStarter(request, context);
  const result = await submitStart(request, context, user);
  if (!result.ok) return json<ActionData>({ errors: result.errors, values: result.values }, { status: 400 });
  return redirect(`/negotiations/${result.id}`);
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
  const result = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const label = useLabel();
  const busy = useNavigation().state === "submitting";
  const values = result?.values ?? {};
  const schema = useMemo(() => negotiationStartSchema(organisations), [organisations]);
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState(values.mode ?? "standard");
  const [proposedOn, setProposedOn] = useState(values.proposedOn ?? today);
  const [draftSource, setDraftSource] = useState(values.draftSource ?? "blank");
  const [creatorSide, setCreatorSide] = useState<Side>((values.creatorSide as Side | undefined) ?? seat.side);
  const errors: Record<string, string> = { ...(clientErrors ?? result?.errors ?? {}) };
  if (fileError && draftSource === "import") errors.draftFile = fileError;

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
        onSubmit={(event) => {
          const data = new FormData(event.currentTarget);
          const fields = Object.fromEntries([...data].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
          const parsed = schema.safeParse(fields);
          const found = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
          const file = data.get("draftFile");
          if (fields.draftSource === "import" && !(file instanceof File && file.size > 0)) found.draftFile = "请选择要导入的 JSON 文件";
          if (fields.draftSource === "import" && fileError) found.draftFile = fileError;
          if (Object.keys(found).length > 0) {
            event.preventDefault();
            setClientErrors(found);
          } else setClientErrors(null);
        }}
      >
        {errors._form ? (
          <p className="form-error" role="alert">
            {errors._form}
          </p>
        ) : null}
        {Object.keys(errors).length > 0 && !errors._form ? (
          <p className="form-error" role="alert">
            {t.formHasErrors}
          </p>
        ) : null}

        <label>
          {t.negotiationTitle}
          <input name="title" defaultValue={values.title} maxLength={200} required {...errorProps("title-error", errors.title)} />
        </label>
        <FieldError id="title-error" message={errors.title} />

        <label>
          {t.scope}
          <select name="scope" defaultValue={values.scope ?? "enterprise"} {...errorProps("scope-error", errors.scope)}>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {label(SCOPE_LABELS[s])}
              </option>
            ))}
          </select>
        </label>
        <FieldError id="scope-error" message={errors.scope} />

        <div className="form-row">
          <div className="form-col">
            <label>
              {t.region}
              <input name="region" defaultValue={values.region} maxLength={100} required {...errorProps("region-error", errors.region)} />
            </label>
            <FieldError id="region-error" message={errors.region} />
            <label>
              {t.evidenceArea}
              <select name="minimumWageArea" defaultValue={values.minimumWageArea ?? wageAreas[0]} data-testid="minimum-wage-area" {...errorProps("minimumWageArea-error", errors.minimumWageArea)}>
                {wageAreas.map((area) => (
                  <option key={area} value={area}>
                    {area}
                  </option>
                ))}
              </select>
            </label>
            <FieldError id="minimumWageArea-error" message={errors.minimumWageArea} />
          </div>
          <div className="form-col">
            <label>
              {t.industry}
              <input name="industry" defaultValue={values.industry} maxLength={100} required {...errorProps("industry-error", errors.industry)} />
            </label>
            <FieldError id="industry-error" message={errors.industry} />
          </div>
        </div>

        <label>
          {t.unionOrg}
          <select name="unionOrgId" defaultValue={values.unionOrgId ?? ""} {...errorProps("unionOrgId-error", errors.unionOrgId)}>
            <option value="">{t.chooseOne}</option>
            <OrganisationOptions rows={unions} />
          </select>
        </label>
        <FieldError id="unionOrgId-error" message={errors.unionOrgId} />

        <label>
          {t.enterpriseOrg}
          <select name="enterpriseOrgId" defaultValue={values.enterpriseOrgId ?? ""} {...errorProps("enterpriseOrgId-error", errors.enterpriseOrgId)}>
            <option value="">{t.chooseOne}</option>
            <OrganisationOptions rows={enterprises} />
          </select>
        </label>
        <FieldError id="enterpriseOrgId-error" message={errors.enterpriseOrgId} />

        <label>
          {t.mode}
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value)} {...errorProps("mode-error", errors.mode)}>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {label(MODE_LABELS[m])}
              </option>
            ))}
          </select>
        </label>
        <FieldError id="mode-error" message={errors.mode} />

        <label>
          {t.higherUnion}
          <select name="higherUnionOrgId" defaultValue={values.higherUnionOrgId ?? ""} disabled={mode === "standard"} {...errorProps("higherUnionOrgId-error", errors.higherUnionOrgId)}>
            <option value="">{t.none}</option>
            <OrganisationOptions rows={unions} />
          </select>
          <small className="hint">{t.higherUnionHint}</small>
        </label>
        <FieldError id="higherUnionOrgId-error" message={errors.higherUnionOrgId} />

        <div className="form-row">
          <div className="form-col">
            <label>
              {t.proposedBy}
              <select name="proposedBySide" defaultValue={values.proposedBySide ?? (seat.side === "enterprise" ? "enterprise" : "union")} {...errorProps("proposedBySide-error", errors.proposedBySide)}>
                <option value="union">{label(SIDE_LABELS.union)}</option>
                <option value="enterprise">{label(SIDE_LABELS.enterprise)}</option>
              </select>
            </label>
            <FieldError id="proposedBySide-error" message={errors.proposedBySide} />
          </div>
          <div className="form-col">
            <label>
              {t.proposedOn}
              <input type="date" name="proposedOn" value={proposedOn} onChange={(e) => setProposedOn(e.target.value)} required {...errorProps("proposedOn-error", errors.proposedOn)} />
            </label>
            <FieldError id="proposedOn-error" message={errors.proposedOn} />
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
              <label>
                {t.side}
                <select name="creatorSide" value={creatorSide} onChange={(e) => setCreatorSide(e.target.value as Side)} {...errorProps("creatorSide-error", errors.creatorSide)}>
                  {SIDES.map((s) => (
                    <option key={s} value={s}>
                      {label(SIDE_LABELS[s])}
                    </option>
                  ))}
                </select>
              </label>
              <FieldError id="creatorSide-error" message={errors.creatorSide} />
            </div>
            <div className="form-col">
              <label>
                {t.role}
                <select
                  name="creatorRole"
                  key={creatorSide}
                  defaultValue={values.creatorRole ?? (creatorSide === "observer" ? "observer" : "chief")}
                  {...errorProps("creatorRole-error", errors.creatorRole)}
                >
                  {ROLES.filter((r) => roleFitsSide(creatorSide, r)).map((r) => (
                    <option key={r} value={r}>
                      {label(ROLE_LABELS[r])}
                    </option>
                  ))}
                </select>
              </label>
              <FieldError id="creatorRole-error" message={errors.creatorRole} />
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
          <label>
            {t.importFile}
            <input
              type="file"
              name="draftFile"
              accept="application/json,.json"
              disabled={draftSource !== "import"}
              {...errorProps("draftFile-error", errors.draftFile)}
              onChange={async (event) => {
                const file = event.currentTarget.files?.[0];
                if (!file) return setFileError(null);
                if (file.size > MAX_DRAFT_BYTES) return setFileError("文件超过 2 MB,无法导入");
                const parsed = parseDraftJson(await file.text(), file.size);
                setFileError(parsed.ok ? null : parsed.message);
              }}
            />
            <small className="hint">{t.importFileHint}</small>
          </label>
          <FieldError id="draftFile-error" message={errors.draftFile} />
        </fieldset>

        <button type="submit" className="primary" disabled={busy}>
          {t.startSubmit}
        </button>
      </Form>
    </div>
  );
}
