import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SIGNING_INTENTS } from "~/shared/schemas/signing";
import { Field, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useLang, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { DateRecordForm } from "./DateRecordForm";
import { RatificationForm } from "./RatificationForm";
import { ReviewForm } from "./ReviewForm";
import { SignatureForm } from "./SignatureForm";
import { signAction, signPage } from "./sign.server";
import { DataTable } from "../../components/DataTable";
import { NegotiationPageTitle } from "../../components/NegotiationPageTitle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageSign");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireNegotiation(request, context, params.id, "read");
  return json(await signPage(context, access), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return signAction(request, context, params.id);
}

export default function SignPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const label = useLabel();
  const lang = useLang();
  const busy = useNavigation().state === "submitting";
  const forms = useIntentForms(SIGNING_INTENTS, result);
  useLiveRevalidation(page.negotiation.id, ["signing", "workflow", "versions"]);
  const when = (iso: string) => new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "medium" });
  const signed = forms.doneFor("sign");
  const { negotiation, progress, ratification, ratify, signing, postSigning } = page;
  const formProps = { page, forms, busy };

  return (
    <div className="page">
      <NegotiationPageTitle page={t.signTitle} negotiation={negotiation} navLabel={t.signTitle} onward={[{ path: "delegations", label: t.delegationsNav }, { path: "record", label: t.recordNav }]} />
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
        {forms.doneFor("ratify") ? (
          <p className="success" role="status">
            {t.ratRecorded}
          </p>
        ) : null}
        {ratify.allowed ? (
          <RatificationForm {...formProps} />
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
        <DataTable testId="signature-slots" wrap="table-wrap" caption={t.requiredSignatures} columns={[t.signatureSlot, t.signatory, t.capacity, t.signedAt]}>
          {signing.slots.map((s) => (
            <tr key={s.slot} data-slot={s.slot} data-signed={s.signed ? "yes" : "no"}>
              <td>{label(s.label)}</td>
              <td>{s.signed?.name ?? t.pendingSignature}</td>
              <td>{s.signed?.capacity ?? "—"}</td>
              <td>{s.signed ? when(s.signed.signedAt) : "—"}</td>
            </tr>
          ))}
        </DataTable>
        {signed ? (
          <p className="success" role="status">
            {signed.intent === "sign" && signed.complete ? t.signedComplete : t.signedDone}
          </p>
        ) : null}
        {negotiation.locked ? null : !signing.ready ? (
          <p className="notice">{t.signNotReady}</p>
        ) : signing.me.ok ? (
          <SignatureForm slotLabel={signing.me.label} forms={forms} busy={busy} />
        ) : (
          <>
            <FormAlert message={forms.errorsFor("sign")._form} />
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
              <DateRecordForm {...formProps} intent="file" field="filedOn" label={t.filedOnLabel} submit={t.fileSubmit}>
                {postSigning.authorities.length > 0 ? (
                  <Field label={t.filedWithLabel} id="file-filedWithOrgId" error={formProps.forms.errorsFor("file").filedWithOrgId}>
                    <select name="filedWithOrgId" defaultValue={postSigning.authorities[0]!.id} data-testid="filed-with">
                      {postSigning.authorities.map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                ) : null}
              </DateRecordForm>
            ) : !negotiation.filedOn ? (
              <p className="hint">{t.fileMayNot}</p>
            ) : null}
            {postSigning.mayReview ? <ReviewForm {...formProps} /> : null}
            {postSigning.mayPublish ? <DateRecordForm {...formProps} intent="publish" field="publishedOn" label={t.publishedOnLabel} submit={t.publishSubmit} /> : null}
          </>
        )}
      </section>
    </div>
  );
}
