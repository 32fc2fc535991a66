import { type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ROLE_LABELS, SIDE_LABELS } from "~/shared/roles";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { format } from "../../i18n/catalogue";
import { useLabel, useLang, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { loadSignatureRecord } from "./record.server";
import { DataTable } from "../../components/DataTable";
import { NegotiationPageTitle } from "../../components/NegotiationPageTitle";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageRecord");

export const loader = (args: LoaderFunctionArgs) => loadSignatureRecord(args);

export default function SignatureRecordPage() {
  const record = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const lang = useLang();
  useLiveRevalidation(record.negotiation.id, ["signing", "versions", "workflow"]);
  const when = (iso: string) => new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "medium" });
  const chain = record.auditChain;

  return (
    <div className="page">
      <NegotiationPageTitle page={t.recordTitle} negotiation={record.negotiation} navLabel={t.recordTitle} onward={[{ path: "sign", label: t.backToSign }]} />
      <p>{t.recordIntro}</p>
      <p>
        <span
          data-testid="audit-badge"
          data-ok={chain.ok ? "yes" : "no"}
          className={`badge ${chain.ok ? "badge-ok" : "badge-broken"}`}
          role="status"
        >
          {chain.ok ? format(t.auditOk, { entries: chain.entries }) : format(t.auditBroken, { id: chain.brokenId, reason: chain.reason })}
        </span>{" "}
        <span data-testid="signing-status" className={record.negotiation.signedOn ? "badge badge-ok" : "badge"}>
          {record.negotiation.signedOn ? t.signedBadge : t.notSignedBadge}
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t.signedText}</dt>
          <dd>
            <code className="hash" data-testid="record-content-hash">{record.contentHash ?? "—"}</code>
            {record.versionLabel ? <span className="hint">{record.versionLabel}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t.auditHead}</dt>
          <dd>
            <code className="hash" data-testid="audit-head">{record.auditChainHead ?? "—"}</code>
          </dd>
        </div>
        {record.negotiation.signedOn ? (
          <div>
            <dt>{t.signedOnLabel}</dt>
            <dd>{record.negotiation.signedOn}</dd>
          </div>
        ) : null}
      </dl>

      <section className="card" aria-labelledby="record-signatures-title">
        <h2 id="record-signatures-title">{t.stepSigning}</h2>
        {record.signatures.length === 0 ? (
          <p>{t.noSignatures}</p>
        ) : (
          <DataTable testId="record-signatures" wrap="table-wrap" columns={[t.side, t.signatory, t.capacity, t.delegationBasis, t.signedAt, t.versionHash]}>
            {record.signatures.map((s) => (
              <tr key={`${s.slot}-${s.signedAt}`}>
                <td>{s.sideLabel}</td>
                <td>
                  {s.signatoryName}
                  <div className="hint">{s.organisation}</div>
                </td>
                <td>{s.capacity}</td>
                <td>{s.delegationRef ?? "—"}</td>
                <td>{when(s.signedAt)}</td>
                <td>
                  <code className="hash">{s.contentHash}</code>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      <section className="card" aria-labelledby="record-ratification-title">
        <h2 id="record-ratification-title">{t.ratificationRecord}</h2>
        {record.ratification ? (
          <>
            <p>
              <strong>{record.ratification.valid ? t.ratPassed : t.ratFailed}</strong> · {record.ratification.body} · {record.ratification.date} · {t.ratResolutionNo}{" "}
              {record.ratification.resolutionNo}
            </p>
            <dl className="counts">
              <div><dt>{t.ratTotal}</dt><dd>{record.ratification.total}</dd></div>
              <div><dt>{t.ratAttended}</dt><dd>{record.ratification.attended}</dd></div>
              <div><dt>{t.ratApproved}</dt><dd>{record.ratification.approved}</dd></div>
              <div><dt>{t.ratAgainst}</dt><dd>{record.ratification.against}</dd></div>
              <div><dt>{t.ratAbstained}</dt><dd>{record.ratification.abstained}</dd></div>
            </dl>
            <p data-testid="record-verdict">{record.ratification.verdict[lang]}</p>
          </>
        ) : (
          <p>{t.ratNone}</p>
        )}
      </section>

      <section className="card" aria-labelledby="record-reps-title">
        <h2 id="record-reps-title">{t.representatives}</h2>
        <ul>
          {record.representatives.map((r, i) => (
            <li key={`${r.name}-${i}`}>
              {label(SIDE_LABELS[r.side])} · {label(ROLE_LABELS[r.role])} · {r.name}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
