import { json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { stageCounts, stageOf, workersOverTime } from "~/shared/ledger/chart";
import { CLOCK_LABELS, FLAG_LABELS, STAGE_LABELS } from "~/shared/ledger/labels";
import { NEGOTIATION_STATUSES } from "~/shared/ledger/types";
import { MODE_LABELS, MODES, SCOPE_LABELS, SCOPES } from "~/shared/roles";
import { LEDGER_SORTS, ledgerQuerySchema } from "~/shared/schemas/ledger";
import { LedgerCharts } from "../../components/LedgerCharts";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import ledgerStyles from "../../styles/ledger.css?url";
import { ledgerPage, requireLedger } from "./ledger.server";
import { DataTable } from "../../components/DataTable";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ledgerStyles }];
export const meta = pageTitle("pageLedger");

/** /ledger (docs/SPEC.md L-10): the ledger of the user's scope with filters, totals, a picture and downloads. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope, query, organisations, organisationName } = await requireLedger(request, context, ledgerQuerySchema, "page");
  const { ledger, subOrganisations } = await ledgerPage(context, { user, scope, query, organisations });
  return json(
    {
      ledger,
      organisationName,
      query: { org: query.org ?? "", scope: query.scope ?? "", mode: query.mode ?? "", status: query.status ?? "", overdue: query.overdue, sort: query.sort ?? "", dir: query.dir ?? "asc" },
      subOrganisations,
      stages: stageCounts(ledger.rows, ledger.asOf),
      workers: workersOverTime(ledger.rows, ledger.asOf),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const SORT_LABEL_KEYS = {
  title: "ledgerSortTitle",
  proposedOn: "ledgerSortProposed",
  status: "ledgerSortStatus",
  progress: "ledgerSortProgress",
  workers: "ledgerSortWorkers",
  due: "ledgerSortDue",
} as const;

export default function LedgerPage() {
  const { ledger, organisationName, query, subOrganisations, stages, workers } = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const search = new URLSearchParams(Object.entries({ ...query, overdue: query.overdue ? "1" : "" }).filter(([, v]) => v !== "") as [string, string][]).toString();
  return (
    <div className="page ledger-page">
      <div className="page-title">
        <h1>{t.ledgerTitle}</h1>
        <span className="hint" data-testid="ledger-as-of">
          {format(t.ledgerAsOf, { date: ledger.asOf })}
        </span>
      </div>
      <p>{format(t.ledgerIntro, { org: organisationName })}</p>

      <Form method="get" className="ledger-filters" aria-label={t.ledgerFilters}>
        <label>
          {t.ledgerSubOrg}
          <select name="org" defaultValue={query.org}>
            <option value="">{t.ledgerAll}</option>
            {subOrganisations.map((o) => (
              <option key={o.id} value={o.id}>
                {"\u3000".repeat(o.depth)}
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.scope}
          <select name="scope" defaultValue={query.scope}>
            <option value="">{t.ledgerAll}</option>
            {SCOPES.map((s) => (
              <option key={s} value={s}>
                {label(SCOPE_LABELS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.mode}
          <select name="mode" defaultValue={query.mode}>
            <option value="">{t.ledgerAll}</option>
            {MODES.map((m) => (
              <option key={m} value={m}>
                {label(MODE_LABELS[m])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.status}
          <select name="status" defaultValue={query.status}>
            <option value="">{t.ledgerAll}</option>
            {NEGOTIATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(STAGE_LABELS[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.ledgerSort}
          <select name="sort" defaultValue={query.sort}>
            <option value="">—</option>
            {LEDGER_SORTS.map((s) => (
              <option key={s} value={s}>
                {t[SORT_LABEL_KEYS[s]]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <select name="dir" defaultValue={query.dir} aria-label={t.ledgerSort}>
            <option value="asc">{t.ledgerAscending}</option>
            <option value="desc">{t.ledgerDescending}</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue} data-testid="overdue-only" />
          {t.ledgerOverdueOnly}
        </label>
        <button type="submit" className="button">
          {t.ledgerApply}
        </button>
      </Form>

      <p className="ledger-totals" data-testid="ledger-totals" aria-label={t.ledgerTotals}>
        <strong>{t.ledgerTotals}</strong> <span data-testid="total-negotiations">{format(t.ledgerTotalNegotiations, { n: ledger.totals.negotiations })}</span> ·{" "}
        {format(t.ledgerTotalInForce, { n: ledger.totals.inForce })} · {format(t.ledgerTotalWorkers, { n: ledger.totals.workersCovered })} ·{" "}
        <span data-testid="total-overdue">{format(t.ledgerTotalOverdue, { n: ledger.totals.overdue })}</span>
      </p>

      <LedgerCharts stages={stages} workers={workers} />

      {ledger.rows.length === 0 ? <p className="empty">{t.ledgerEmpty}</p> : null}
      <DataTable testId="ledger-table" className="ledger-table" wrap="table-scroll" columns={[t.ledgerColTitle, t.ledgerColSides, t.ledgerColScope, t.ledgerColStatus, t.ledgerColProgress, t.ledgerColCoverage, t.ledgerColDates, t.ledgerColClocks]}>
        {ledger.rows.map((r) => (
          <tr key={r.negotiationId} data-testid="ledger-row" data-negotiation={r.negotiationId} data-overdue={r.overdue.length > 0 ? "yes" : "no"}>
            <th scope="row">
              {r.participant ? <Link to={`/negotiations/${r.negotiationId}`}>{r.title}</Link> : <span title={t.ledgerNotParticipant}>{r.title}</span>}
              <small className="hint">
                {r.region} · {r.industry}
              </small>
              {r.participant ? (
                <small>
                  <Link to={`/negotiations/${r.negotiationId}/coverage`}>{t.coverageTitle}</Link>
                </small>
              ) : null}
            </th>
            <td>
              {r.unionOrgName}
              <br />
              {r.enterpriseOrgName}
              {r.higherUnionOrgName ? <small className="hint">{`${t.higherUnion}:${r.higherUnionOrgName}`}</small> : null}
            </td>
            <td>
              {label(SCOPE_LABELS[r.scope])} · {label(MODE_LABELS[r.mode])}
            </td>
            <td>
              <span className={`badge status-${r.status}`}>{label(STAGE_LABELS[stageOf(r, ledger.asOf)])}</span>
              {r.status === "suspended" ? <small className="hint">{label(STAGE_LABELS.suspended)}</small> : null}
            </td>
            <td>
              {r.progress.agreed} / {r.progress.total}
            </td>
            <td>{format(t.ledgerCoverageCell, { enterprises: r.coverage.enterprises, workers: r.coverage.workers })}</td>
            <td className="ledger-dates">
              <span>
                {t.ledgerDateProposed} {r.dates.proposedOn}
              </span>
              {r.dates.answeredOn ? <span>{`${t.ledgerDateAnswered} ${r.dates.answeredOn}`}</span> : null}
              {r.dates.signedOn ? <span>{`${t.ledgerDateSigned} ${r.dates.signedOn}`}</span> : null}
              {r.dates.filedOn ? <span>{`${t.ledgerDateFiled} ${r.dates.filedOn}`}</span> : null}
              {r.dates.effectiveOn ? <span>{`${t.ledgerDateEffective} ${r.dates.effectiveOn}`}</span> : null}
              {r.dates.expiresOn ? <span>{`${t.ledgerDateExpires} ${r.dates.expiresOn}`}</span> : null}
            </td>
            <td>
              <ul className="clocks">
                {r.clocks.map((c) => (
                  <li key={c.kind} className={`clock ${c.overdue ? "clock-overdue" : "clock-running"}`}>
                    {label(CLOCK_LABELS[c.kind])}:{t.due} {c.due}
                    {c.overdue ? `(${format(t.daysOverdue, { days: -c.daysLeft })})` : `(${format(t.daysLeft, { days: c.daysLeft })})`}
                  </li>
                ))}
              </ul>
              {r.overdue.map((k) => (
                <span key={k} className="badge badge-broken flag" data-testid="ledger-flag">
                  {label(FLAG_LABELS[k])}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>

      <section className="ledger-downloads" aria-label={t.ledgerDownloads}>
        <h2>{t.ledgerDownloads}</h2>
        <p>
          <a href={`/ledger.xlsx${search ? `?${search}` : ""}`} download data-testid="download-ledger">
            {t.ledgerDownloadLedger}
          </a>
        </p>
        <form method="get" action="/ledger/report.xlsx" className="ledger-report-form">
          {query.org ? <input type="hidden" name="org" value={query.org} /> : null}
          <label>
            <input type="radio" name="period" value="week" defaultChecked />
            {t.ledgerReportWeek}
          </label>
          <label>
            <input type="radio" name="period" value="month" data-testid="period-month" />
            {t.ledgerReportMonth}
          </label>
          <label>
            {t.ledgerReportOn}
            <input type="date" name="on" required defaultValue={ledger.asOf} data-testid="report-on" />
          </label>
          <button type="submit" className="button" data-testid="report-xlsx">
            {t.ledgerReportXlsx}
          </button>
          <button type="submit" className="button" formAction="/ledger/report.pdf" data-testid="report-pdf">
            {t.ledgerReportPdf}
          </button>
        </form>
      </section>
    </div>
  );
}
