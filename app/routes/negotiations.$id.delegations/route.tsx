import { type ActionFunctionArgs, json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { DELEGATION_INTENTS, MAX_SCAN_BYTES } from "~/shared/schemas/signing";
import { Field, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { delegationsAction, delegationsPage } from "./delegations.server";
import { DataTable } from "../../components/DataTable";
import { NegotiationPageTitle } from "../../components/NegotiationPageTitle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageDelegations");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireNegotiation(request, context, params.id, "read");
  return json(await delegationsPage(context, access));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return delegationsAction(request, context, params.id);
}

export default function Delegations() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [scanError, setScanError] = useState<string | null>(null);
  const { errorsFor, check, valuesFor } = useIntentForms(DELEGATION_INTENTS, result);
  const { negotiation, delegations, choices, defaults, mayManage } = page;
  const regErrors = errorsFor("register");
  const values = valuesFor("register");
  const kindLabel = (k: "represent" | "participate") => (k === "represent" ? t.kindRepresent : t.kindParticipate);
  const stateLabel: Record<string, string> = { usable: t.stateUsable, revoked: t.stateRevoked, expired: t.stateExpired, not_yet_valid: t.stateNotYet };
  const indent = (depth: number) => "\u3000".repeat(depth);
  // The delegating and the delegated organisation: the same tree of choices, indented by depth.
  const orgColumn = (name: "fromOrgId" | "toOrgId", label: string, orgs: typeof choices.from) => (
    <div className="form-col">
      <Field label={label} id={name} error={regErrors[name]}>
        <select name={name} defaultValue={values[name] ?? defaults[name]}>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {indent(o.depth)}
              {o.name}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );

  return (
    <div className="page">
      <NegotiationPageTitle page={t.delegationsTitle} negotiation={negotiation} navLabel={t.delegationsTitle} onward={[{ path: "sign", label: t.signingNav }]} />
      <p>{t.delegationsIntro}</p>
      {result?.ok ? (
        <p className="success" role="status">
          {result.intent === "revoke" ? t.delegationRevoked : t.delegationRegistered}
        </p>
      ) : null}
      {!mayManage ? <p className="notice">{negotiation.locked ? t.delegationsLocked : t.delegationsMayNot}</p> : null}

      <section className="card" aria-labelledby="delegation-list-title">
        <h2 id="delegation-list-title">{t.delegationList}</h2>
        {delegations.length === 0 ? (
          <p>{t.noDelegations}</p>
        ) : (
          <DataTable testId="delegations-table" wrap="table-wrap" columns={[t.letterNo, t.delegationKind, t.delegationFrom, t.delegationTo, t.validity, t.registeredBy, t.scan, t.delegationState]}>
            {delegations.map((d) => {
              const formId = `revoke-${d.id}`;
              const errors = errorsFor(d.id);
              return (
                <tr key={d.id} data-delegation={d.id} data-state={d.state}>
                  <td>
                    <code>{d.letterNo}</code>
                  </td>
                  <td>{kindLabel(d.kind)}</td>
                  <td>{d.from}</td>
                  <td>{d.to}</td>
                  <td>
                    {d.validFrom} – {d.validTo}
                  </td>
                  <td>{d.registeredBy || "—"}</td>
                  <td>{d.hasScan ? <a href={`/negotiations/${negotiation.id}/delegations/${d.id}/scan`}>{t.scanDownload}</a> : t.scanNone}</td>
                  <td>
                    <span className={d.state === "usable" ? "badge badge-ok" : "badge badge-off"}>{stateLabel[d.state]}</span>
                    {d.revoked ? <p className="hint">{format(t.revokedInfo, { date: d.revoked.on, name: d.revoked.by, reason: d.revoked.reason })}</p> : null}
                    {mayManage && !d.revoked ? (
                      <details>
                        <summary>{t.revoke}</summary>
                        <Form method="post" className="form compact-form" noValidate onSubmit={check(d.id)} aria-label={`${t.revokeSubmit} ${d.letterNo}`}>
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="delegationId" value={d.id} />
                          <FormAlert message={errors._form} />
                          <Field label={t.revokeReason} id={`${formId}-reason`} error={errors.reason}>
                            <input name="reason" maxLength={500} required />
                          </Field>
                          <button type="submit" className="small danger" disabled={busy}>
                            {t.revokeSubmit}
                          </button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </section>

      {mayManage ? (
        <section className="card" aria-labelledby="register-title">
          <h2 id="register-title">{t.registerDelegation}</h2>
          <Form
            method="post"
            encType="multipart/form-data"
            noValidate
            className="form"
            onSubmit={check("register", (intent): Record<string, string> => (intent === "register" && scanError ? { scan: scanError } : {}))}
            aria-labelledby="register-title"
          >
            <input type="hidden" name="intent" value="register" />
            <FormAlert message={regErrors._form} />
            <Field label={t.delegationKind} id="kind" error={regErrors.kind}>
              <select name="kind" defaultValue={values.kind ?? defaults.kind}>
                <option value="represent">{t.kindRepresent}</option>
                <option value="participate">{t.kindParticipate}</option>
              </select>
            </Field>
            <div className="form-row">
              {orgColumn("fromOrgId", t.delegationFrom, choices.from)}
              {orgColumn("toOrgId", t.delegationTo, choices.to)}
            </div>
            <Field label={t.letterNo} id="letterNo" error={regErrors.letterNo}>
              <input name="letterNo" maxLength={100} defaultValue={values.letterNo} required />
            </Field>
            <div className="form-row">
              <div className="form-col">
                <Field label={t.validFrom} id="validFrom" error={regErrors.validFrom}>
                  <input type="date" name="validFrom" defaultValue={values.validFrom ?? defaults.validFrom} required />
                </Field>
              </div>
              <div className="form-col">
                <Field label={t.validTo} id="validTo" error={regErrors.validTo}>
                  <input type="date" name="validTo" defaultValue={values.validTo} required />
                </Field>
              </div>
            </div>
            <Field label={t.scan} id="scan" error={regErrors.scan} hint={t.scanHint}>
              <input
                type="file"
                name="scan"
                accept="application/pdf,image/jpeg,image/png"
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  setScanError(file && file.size > MAX_SCAN_BYTES ? "扫描件超过 5 MB" : null);
                }}
              />
            </Field>
            <button type="submit" className="primary" disabled={busy}>
              {t.registerSubmit}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
