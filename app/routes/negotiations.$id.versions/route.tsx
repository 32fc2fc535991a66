import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { FormEvent } from "react";
import { SIDE_LABELS } from "~/shared/roles";
import { LIVE, MAX_VERSION_LABEL_CHARS, MAX_VERSION_NOTE_CHARS, VERSION_INTENTS } from "~/shared/schemas/version";
import { Field, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { useWhen, VersionSelect } from "../../components/VersionSelect";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { versionsAction, versionsPage } from "./versions.server";

export const meta = pageTitle("pageVersions");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await versionsPage(context, await requireNegotiation(request, context, params.id, "read")));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return versionsAction(request, context, params.id);
}

export default function Versions() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const label = useLabel();
  const when = useWhen();
  const busy = useNavigation().state === "submitting";
  const forms = useIntentForms(VERSION_INTENTS, result);
  const { negotiation, versions, abilities, clauses } = page;
  const base = `/negotiations/${negotiation.id}`;
  const saveErrors = forms.errorsFor("save");
  const restoreError = result && !result.ok && result.intent !== "save" ? Object.values(result.errors)[0] : null;
  const latest = versions.at(-1);
  const previous = versions.at(-2);

  const confirmRestore = (versionLabel: string) => (event: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(format(t.restoreConfirm, { label: versionLabel }))) event.preventDefault();
  };

  return (
    <div className="page">
      <div className="page-title">
        <div>
          <h1>{t.versionsTitle}</h1>
          <p className="subtitle">{negotiation.title}</p>
        </div>
        <nav className="toolbar" aria-label={t.versionsTitle}>
          <Link to={base}>{t.backToWorkspace}</Link>
          {previous && latest ? <Link to={`${base}/compare?from=${previous.id}&to=${latest.id}`}>{t.compare}</Link> : null}
        </nav>
      </div>
      <p>{t.versionsIntro}</p>
      {result && "saved" in result ? (
        <p className="notice" role="status" data-testid="version-flash">
          {format(t.savedVersionDone, { label: result.saved.label })}
        </p>
      ) : null}
      {result && "restored" in result ? (
        <p className="notice" role="status" data-testid="version-flash">
          {format(t.restoredDone, { label: result.restored.label })}{" "}
          {result.restored.undoVersionId ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="restore" />
              <input type="hidden" name="versionId" value={result.restored.undoVersionId} />
              <button type="submit" className="link-button" data-testid="undo-restore">
                {t.undoRestore}
              </button>
            </Form>
          ) : null}
        </p>
      ) : null}
      {restoreError ? (
        <p className="form-error" role="alert">
          {restoreError}
        </p>
      ) : null}

      <section className="card versions-save" aria-labelledby="save-version-title">
        <h2 id="save-version-title">{t.saveVersionTitle}</h2>
        {abilities.saveVersion ? (
          <Form method="post" className="form" onSubmit={forms.check("save")} noValidate>
            <input type="hidden" name="intent" value="save" />
            <Field label={t.versionLabel} id="version-label" error={saveErrors.label}>
              <input name="label" required maxLength={MAX_VERSION_LABEL_CHARS} />
            </Field>
            <Field label={t.versionNote} id="version-note" error={saveErrors.note}>
              <textarea name="note" rows={2} maxLength={MAX_VERSION_NOTE_CHARS} />
            </Field>
            <FormAlert message={saveErrors._form} />
            <div>
              <button type="submit" disabled={busy} data-testid="save-version">
                {t.saveVersionSubmit}
              </button>
            </div>
          </Form>
        ) : (
          <p className="muted">{negotiation.locked ? t.readOnlyLocked : t.saveVersionReadOnly}</p>
        )}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t.versionTimeline}</h2>
        {versions.length === 0 ? <p className="empty">{t.noVersions}</p> : null}
        <ol className="version-timeline" data-testid="version-timeline">
          {versions.map((v, index) => (
            <li key={v.id} className="version-entry" data-testid="version-entry" data-version-id={v.id}>
              <div className="version-head">
                <strong className="version-label">{v.label}</strong>
                <span className={`badge side-${v.side}`}>{label(SIDE_LABELS[v.side])}</span>
                <span className="chip">{t.versionKinds[v.kind]}</span>
              </div>
              <dl className="version-facts">
                <div>
                  <dt>{t.versionAuthor}</dt>
                  <dd>{v.author ?? "—"}</dd>
                </div>
                <div>
                  <dt>{t.versionTime}</dt>
                  <dd>
                    <time dateTime={v.createdAt}>{when(v.createdAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t.versionChanged}</dt>
                  <dd data-testid="version-changed">{v.changedClauses === null ? t.versionFirst : format(t.versionChangedCount, { count: v.changedClauses })}</dd>
                </div>
                <div>
                  <dt>{t.versionHash}</dt>
                  <dd>
                    <code title={v.contentHash}>{v.contentHash.slice(0, 12)}</code>
                  </dd>
                </div>
              </dl>
              {v.note ? <p className="version-note">{v.note}</p> : null}
              <div className="version-actions">
                {index > 0 ? <Link to={`${base}/compare?from=${versions[index - 1]!.id}&to=${v.id}`}>{t.compareWithPrevious}</Link> : null}
                <Link to={`${base}/compare?from=${v.id}&to=${LIVE}`}>{t.compareWithLive}</Link>
                {abilities.export ? (
                  <span className="version-exports">
                    {t.exportVersion}:
                    <a href={`${base}/versions/${v.id}/export.json`} download>
                      JSON
                    </a>
                    <a href={`${base}/versions/${v.id}/export.docx`} download>
                      Word
                    </a>
                    <a href={`${base}/versions/${v.id}/export.pdf`} download>
                      PDF
                    </a>
                  </span>
                ) : null}
                {abilities.restore ? (
                  <Form method="post" className="inline-form" onSubmit={confirmRestore(v.label)}>
                    <input type="hidden" name="intent" value="restore" />
                    <input type="hidden" name="versionId" value={v.id} />
                    <button type="submit" className="secondary" disabled={busy} data-testid="restore-version">
                      {t.restore}
                    </button>
                  </Form>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="compare-any-title">
        <h2 id="compare-any-title">{t.compareAny}</h2>
        <Form method="get" action={`${base}/compare`} className="compare-picker">
          <VersionSelect name="from" legend={t.compareFrom} versions={versions} defaultValue={previous?.id ?? latest?.id ?? LIVE} />
          <VersionSelect name="to" legend={t.compareTo} versions={versions} defaultValue={previous ? (latest?.id ?? LIVE) : LIVE} />
          <button type="submit">{t.compareSubmit}</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="clause-history-title">
        <h2 id="clause-history-title">{t.clauseHistory}</h2>
        <details>
          <summary>{t.clauseHistoryIntro}</summary>
          <ul className="clause-history-links">
            {clauses.map((c) => (
              <li key={c.id}>
                <Link to={`${base}/clauses/${c.id}/history`}>
                  {c.article} {c.title}
                </Link>
              </li>
            ))}
          </ul>
        </details>
      </section>
    </div>
  );
}
