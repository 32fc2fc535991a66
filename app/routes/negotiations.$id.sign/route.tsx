import { type ActionFunctionArgs, json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { isSigningIntent, SIGNING_INTENTS } from "../../../shared/schemas/signing";
import { errorProps, FieldError, issuesToErrors } from "../../components/FormField";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useLang, useT } from "../../i18n/useT";
import setupStyles from "../../styles/setup.css?url";
import { signAction, signPage, type SignActionData } from "./sign.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta: MetaFunction = () => [{ title: "审议与签署 · 同商" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = requireNegotiation(request, context, params.id, "read");
  return json(await signPage(context, access), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return signAction(request, context, params.id);
}

type Errors = Record<string, string>;

/** Client-side check with the schema the action uses; stops the submit on errors. */
function checkWith(setErrors: (errors: Errors | null) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    const form = Object.fromEntries(new FormData(event.currentTarget));
    if (!isSigningIntent(form.intent)) return;
    const parsed = SIGNING_INTENTS[form.intent].safeParse(form);
    // Valid here: the server's answer (e.g. a wrong password) is what shows next.
    if (parsed.success) return setErrors(null);
    event.preventDefault();
    setErrors(issuesToErrors(parsed.error.issues));
  };
}

function FormAlert({ message }: { message?: string }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

export default function SignPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as SignActionData | undefined;
  const t = useT();
  const label = useLabel();
  const lang = useLang();
  const busy = useNavigation().state === "submitting";
  const [client, setClient] = useState<{ intent: string; errors: Errors } | null>(null);
  useLiveRevalidation(page.negotiation.id, ["signing", "workflow", "versions"]);
  const errorsFor = (intent: string): Errors => {
    if (client?.intent === intent) return client.errors;
    if (result && "errors" in result && result.intent === intent) return result.errors;
    return {};
  };
  const check = (intent: string) => checkWith((errors) => setClient(errors ? { intent, errors } : null));
  const doneFor = (intent: string) => result && "done" in result && result.intent === intent;
  const when = (iso: string) => new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "medium" });

  const { negotiation, progress, ratification, ratify, signing, postSigning } = page;
  const ratErrors = errorsFor("ratify");
  const signErrors = errorsFor("sign");
  const fileErrors = errorsFor("file");
  const reviewErrors = errorsFor("review");
  const publishErrors = errorsFor("publish");
  const [outcome, setOutcome] = useState<"no_objection" | "objection">("no_objection");

  return (
    <div className="page">
      <div className="page-title">
        <h1>
          {t.signTitle} · {negotiation.title}
        </h1>
        <nav className="toolbar" aria-label={t.signTitle}>
          <Link to={`/negotiations/${negotiation.id}`}>{t.backToWorkspace}</Link>
          <Link to={`/negotiations/${negotiation.id}/delegations`}>{t.delegationsNav}</Link>
          <Link to={`/negotiations/${negotiation.id}/record`}>{t.recordNav}</Link>
        </nav>
      </div>
      <p>{t.signIntro}</p>
      <p className="signing-status">
        {t.signStatus}:
        <strong data-testid="signing-status" className={negotiation.locked ? "badge badge-ok" : "badge"}>
          {t.statusLabels[negotiation.status]}
        </strong>
        {negotiation.locked && negotiation.status !== "signed" ? <span className="badge badge-ok">{t.signedBadge}</span> : null}
      </p>

      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">{t.stepProgress}</h2>
        <p data-testid="ta-progress">{format(t.progressLine, { agreed: progress.agreed, total: progress.total })}</p>
        <p className={progress.allAgreed ? "success" : "notice"}>{progress.allAgreed ? t.progressAllAgreed : t.progressNotYet}</p>
      </section>

      <section className="card" aria-labelledby="ratification-title" data-testid="ratification">
        <h2 id="ratification-title">{t.stepRatification}</h2>
        <p className="hint">{t.ratRule}</p>
        {ratification ? (
          <div className={`verdict ${ratification.valid ? "verdict-ok" : "verdict-failed"}`} data-testid="ratification-verdict">
            <p>
              <strong>{ratification.valid ? t.ratPassed : t.ratFailed}</strong> · {label(ratification.body)} · {ratification.heldOn} · {t.ratResolutionNo} {ratification.resolutionNo}
            </p>
            <dl className="counts">
              <div><dt>{t.ratTotal}</dt><dd>{ratification.total}</dd></div>
              <div><dt>{t.ratAttended}</dt><dd>{ratification.attended}</dd></div>
              <div><dt>{t.ratApproved}</dt><dd>{ratification.approved}</dd></div>
              <div><dt>{t.ratAgainst}</dt><dd>{ratification.against}</dd></div>
              <div><dt>{t.ratAbstained}</dt><dd>{ratification.abstained}</dd></div>
            </dl>
            <p>
              {t.ratArithmetic}:{format(t.ratRequiredAttendance, { n: ratification.requiredAttendance })};{format(t.ratRequiredApproval, { n: ratification.requiredApproval })}。
            </p>
            <p data-testid="ratification-explanation">{label(ratification.explanation)}</p>
            <p className="hint">
              {format(t.ratVersionVoted, { label: ratification.versionLabel })} · <code className="hash">{ratification.contentHash}</code>
            </p>
            {!ratification.valid ? <p className="notice">{t.ratFailedBack}</p> : null}
            {ratification.valid && !ratification.matchesLive && !negotiation.locked ? <p className="notice">{t.ratStale}</p> : null}
          </div>
        ) : (
          <p>{t.ratNone}</p>
        )}
        {doneFor("ratify") ? (
          <p className="success" role="status">
            {t.ratRecorded}
          </p>
        ) : null}
        {ratify.allowed ? (
          <Form method="post" noValidate className="form" onSubmit={check("ratify")} aria-labelledby="ratification-title">
            <input type="hidden" name="intent" value="ratify" />
            <FormAlert message={ratErrors._form} />
            <label>
              {t.ratificationBody}
              <select name="body" defaultValue="congress" {...errorProps("rat-body-error", ratErrors.body)}>
                <option value="congress">{t.bodyCongress}</option>
                <option value="assembly">{t.bodyAssembly}</option>
              </select>
            </label>
            <FieldError id="rat-body-error" message={ratErrors.body} />
            <div className="form-row">
              {(["total", "attended", "approved", "against", "abstained"] as const).map((field) => {
                const text = { total: t.ratTotal, attended: t.ratAttended, approved: t.ratApproved, against: t.ratAgainst, abstained: t.ratAbstained }[field];
                return (
                  <div className="form-col count-col" key={field}>
                    <label>
                      {text}
                      <input name={field} inputMode="numeric" pattern="[0-9]*" required={field === "total" || field === "attended" || field === "approved"} {...errorProps(`rat-${field}-error`, ratErrors[field])} />
                    </label>
                    <FieldError id={`rat-${field}-error`} message={ratErrors[field]} />
                  </div>
                );
              })}
            </div>
            <div className="form-row">
              <div className="form-col">
                <label>
                  {t.ratHeldOn}
                  <input type="date" name="heldOn" defaultValue={page.today} required {...errorProps("rat-heldOn-error", ratErrors.heldOn)} />
                </label>
                <FieldError id="rat-heldOn-error" message={ratErrors.heldOn} />
              </div>
              <div className="form-col">
                <label>
                  {t.ratResolutionNo}
                  <input name="resolutionNo" maxLength={100} required {...errorProps("rat-resolutionNo-error", ratErrors.resolutionNo)} />
                </label>
                <FieldError id="rat-resolutionNo-error" message={ratErrors.resolutionNo} />
              </div>
            </div>
            <label>
              {t.ratVersion}
              <select name="versionId" defaultValue={ratify.defaultVersionId} {...errorProps("rat-versionId-error", ratErrors.versionId)}>
                {ratify.versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    #{v.seq} {v.label}
                  </option>
                ))}
                <option value="live">{t.ratVersionLive}</option>
              </select>
            </label>
            <FieldError id="rat-versionId-error" message={ratErrors.versionId} />
            <button type="submit" className="primary" disabled={busy}>
              {t.ratSubmit}
            </button>
          </Form>
        ) : !ratify.mayRecord && !negotiation.locked ? (
          <p className="hint">{t.ratMayNot}</p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="signing-title" data-testid="signing">
        <h2 id="signing-title">{t.stepSigning}</h2>
        {signing.contentHash ? (
          <p>
            {t.contentHashToSign}:<code className="hash" data-testid="sign-content-hash">{signing.contentHash}</code>
            <small className="hint">{t.contentHashHint}</small>
          </p>
        ) : null}
        <div className="table-wrap">
          <table data-testid="signature-slots">
            <caption className="visually-hidden">{t.requiredSignatures}</caption>
            <thead>
              <tr>
                <th scope="col">{t.signatureSlot}</th>
                <th scope="col">{t.signatory}</th>
                <th scope="col">{t.capacity}</th>
                <th scope="col">{t.signedAt}</th>
              </tr>
            </thead>
            <tbody>
              {signing.slots.map((s) => (
                <tr key={s.slot} data-slot={s.slot} data-signed={s.signed ? "yes" : "no"}>
                  <td>{label(s.label)}</td>
                  <td>{s.signed?.name ?? t.pendingSignature}</td>
                  <td>{s.signed?.capacity ?? "—"}</td>
                  <td>{s.signed ? when(s.signed.signedAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {doneFor("sign") ? (
          <p className="success" role="status">
            {result && "complete" in result && result.complete ? t.signedComplete : t.signedDone}
          </p>
        ) : null}
        {negotiation.locked ? null : !signing.ready ? (
          <p className="notice">{t.signNotReady}</p>
        ) : signing.me.ok ? (
          <Form method="post" noValidate className="form sign-form" onSubmit={check("sign")} aria-labelledby="signing-title">
            <input type="hidden" name="intent" value="sign" />
            <p>{format(t.signAs, { slot: label(signing.me.label) })}</p>
            <FormAlert message={signErrors._form} />
            <label>
              {t.signPassword}
              <input type="password" name="password" autoComplete="current-password" required {...errorProps("sign-password-error", signErrors.password)} />
            </label>
            <FieldError id="sign-password-error" message={signErrors.password} />
            <button type="submit" className="primary" disabled={busy} data-testid="sign-submit">
              {t.signSubmit}
            </button>
          </Form>
        ) : (
          <>
            <FormAlert message={signErrors._form} />
            <p className="notice" data-testid="sign-refusal">
              {format(t.signCannot, { reason: label(signing.me.reason) })}
            </p>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="after-title" data-testid="post-signing">
        <h2 id="after-title">{t.stepAfter}</h2>
        {!negotiation.signedOn ? (
          <p>{t.notYetSigned}</p>
        ) : (
          <>
            <dl className="facts">
              <div><dt>{t.signedOnLabel}</dt><dd data-testid="signed-on">{negotiation.signedOn}</dd></div>
              <div><dt>{t.filingDeadlineLabel}</dt><dd>{postSigning.filingDeadline}</dd></div>
              <div><dt>{t.filedOnLabel}</dt><dd data-testid="filed-on">{negotiation.filedOn ?? "—"}</dd></div>
              {negotiation.reviewOutcome ? (
                <div><dt>{t.reviewOutcome}</dt><dd data-testid="review-outcome">{negotiation.reviewOutcome === "no_objection" ? t.reviewNoObjection : t.reviewObjection}{negotiation.reviewNote ? `:${negotiation.reviewNote}` : ""} ({negotiation.reviewedOn})</dd></div>
              ) : null}
              <div><dt>{t.effectiveOnLabel}</dt><dd data-testid="effective-on">{negotiation.effectiveOn ?? "—"}</dd></div>
              <div><dt>{t.expiresOnLabel}</dt><dd data-testid="expires-on">{negotiation.expiresOn ?? "—"}</dd></div>
              <div><dt>{t.publishedOnLabel}</dt><dd data-testid="published-on">{postSigning.publishedOn ?? "—"}</dd></div>
            </dl>
            {postSigning.effectiveIfNoObjection && !negotiation.reviewOutcome ? <p>{format(t.effectiveIfNoObjection, { date: postSigning.effectiveIfNoObjection })}</p> : null}
            <h3>{t.postClocks}</h3>
            <ul className="clocks" data-testid="post-signing-clocks">
              {postSigning.clocks.map((c) => (
                <li key={c.key} data-clock={c.key} className={c.state === "overdue" ? "clock-overdue" : c.state === "met" ? "clock-met" : ""}>
                  {lang === "zh" ? c.labelZh : c.labelEn}:{format(t.clockDue, { date: c.due })} ·{" "}
                  {c.state === "met" ? (c.late ? t.clockLate : t.clockMet) : c.state === "overdue" ? t.clockOverdue : `${t.clockRunning},${format(t.daysLeft, { days: c.daysLeft })}`}{" "}
                  <span className="source">({c.sourceZh})</span>
                </li>
              ))}
            </ul>
            {postSigning.mayFile ? (
              <Form method="post" noValidate className="form" onSubmit={check("file")} aria-label={t.fileSubmit}>
                <input type="hidden" name="intent" value="file" />
                <FormAlert message={fileErrors._form} />
                <label>
                  {t.filedOnLabel}
                  <input type="date" name="filedOn" defaultValue={page.today} required {...errorProps("file-filedOn-error", fileErrors.filedOn)} />
                </label>
                <FieldError id="file-filedOn-error" message={fileErrors.filedOn} />
                {postSigning.authorities.length > 0 ? (
                  <>
                    <label>
                      {t.filedWithLabel}
                      <select name="filedWithOrgId" defaultValue={postSigning.authorities[0]!.id} data-testid="filed-with" {...errorProps("file-filedWithOrgId-error", fileErrors.filedWithOrgId)}>
                        {postSigning.authorities.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                      </select>
                    </label>
                    <FieldError id="file-filedWithOrgId-error" message={fileErrors.filedWithOrgId} />
                  </>
                ) : null}
                <button type="submit" disabled={busy}>
                  {t.fileSubmit}
                </button>
              </Form>
            ) : !negotiation.filedOn ? (
              <p className="hint">{t.fileMayNot}</p>
            ) : null}
            {postSigning.mayReview ? (
              <Form method="post" noValidate className="form" onSubmit={check("review")} aria-label={t.reviewSubmit}>
                <input type="hidden" name="intent" value="review" />
                <FormAlert message={reviewErrors._form} />
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
                <label>
                  {t.reviewedOnLabel}
                  <input type="date" name="reviewedOn" defaultValue={page.today} required {...errorProps("review-reviewedOn-error", reviewErrors.reviewedOn)} />
                </label>
                <FieldError id="review-reviewedOn-error" message={reviewErrors.reviewedOn} />
                {outcome === "no_objection" ? (
                  <>
                    <label>
                      {t.termYears}
                      <select name="termYears" defaultValue="3" {...errorProps("review-termYears-error", reviewErrors.termYears)}>
                        {[1, 2, 3].map((n) => (
                          <option key={n} value={String(n)}>
                            {format(t.termYearsOption, { n })}
                          </option>
                        ))}
                      </select>
                    </label>
                    <FieldError id="review-termYears-error" message={reviewErrors.termYears} />
                  </>
                ) : null}
                <label>
                  {t.reviewNote}
                  <textarea name="note" maxLength={1000} rows={3} {...errorProps("review-note-error", reviewErrors.note)} />
                </label>
                <FieldError id="review-note-error" message={reviewErrors.note} />
                <button type="submit" disabled={busy}>
                  {t.reviewSubmit}
                </button>
              </Form>
            ) : null}
            {postSigning.mayPublish ? (
              <Form method="post" noValidate className="form" onSubmit={check("publish")} aria-label={t.publishSubmit}>
                <input type="hidden" name="intent" value="publish" />
                <FormAlert message={publishErrors._form} />
                <label>
                  {t.publishedOnLabel}
                  <input type="date" name="publishedOn" defaultValue={page.today} required {...errorProps("publish-publishedOn-error", publishErrors.publishedOn)} />
                </label>
                <FieldError id="publish-publishedOn-error" message={publishErrors.publishedOn} />
                <button type="submit" disabled={busy}>
                  {t.publishSubmit}
                </button>
              </Form>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
