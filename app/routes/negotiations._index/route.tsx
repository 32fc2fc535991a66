import { type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MODE_LABELS, ROLE_LABELS, SCOPE_LABELS, SIDE_LABELS } from "~/shared/roles";
import { TOPIC_LABELS } from "~/shared/topics";
import { format } from "../../i18n/catalogue";
import { useLabel, useLang, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { loadDashboard } from "./dashboard.server";

export const meta = pageTitle("pageMyNegotiations");

export const loader = (args: LoaderFunctionArgs) => loadDashboard(args);

export default function Dashboard() {
  const { negotiations, canStart } = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const lang = useLang();
  return (
    <div className="page">
      <div className="page-title">
        <h1>{t.myNegotiations}</h1>
        {canStart ? (
          <Link to="/negotiations/new" className="button primary">
            {t.newNegotiation}
          </Link>
        ) : null}
      </div>
      {negotiations.length === 0 ? <p className="empty">{t.noNegotiations}</p> : null}
      <ul className="negotiation-list">
        {negotiations.map((n) => (
          <li key={n.id} className="card negotiation-card" data-testid="negotiation-card">
            <div className="card-head">
              <h2>
                <Link to={`/negotiations/${n.id}`}>{n.title}</Link>
              </h2>
              <span className={`badge status-${n.status}`}>{t.statusLabels[n.status]}</span>
            </div>
            <dl className="facts">
              <div>
                <dt>{t.sides}</dt>
                <dd>
                  {n.unionParty} ⇄ {n.enterpriseParty}
                </dd>
              </div>
              <div>
                <dt>{t.mode}</dt>
                <dd>
                  {label(MODE_LABELS[n.mode])}
                  {n.higherUnion ? ` · ${t.higherUnion}:${n.higherUnion}` : ""}
                </dd>
              </div>
              <div>
                <dt>{t.scope}</dt>
                <dd>
                  {label(SCOPE_LABELS[n.scope])} · {n.region} · {n.industry}
                </dd>
              </div>
              <div>
                <dt>{t.yourSeat}</dt>
                <dd>
                  {label(SIDE_LABELS[n.seat.side])} · {label(ROLE_LABELS[n.seat.role])}
                </dd>
              </div>
              <div>
                <dt>{t.progressTitle}</dt>
                <dd data-testid="negotiation-progress">
                  {format(t.progressAgreed, { agreed: n.progress.agreed, total: n.progress.total })}
                </dd>
              </div>
              <div>
                <dt>{t.topics}</dt>
                <dd className="topic-chips">
                  {n.topics.map((topic) => (
                    <span key={topic} className={`chip topic-${topic}`}>
                      {label(TOPIC_LABELS[topic])}
                    </span>
                  ))}
                </dd>
              </div>
              <div>
                <dt>{t.clocks}</dt>
                <dd>
                  <ul className="clocks">
                    {n.clocks.map((clock) => (
                      <li key={clock.key} className={`clock clock-${clock.state}`}>
                        {lang === "zh" ? clock.labelZh : clock.labelEn}:{t.due} {clock.due}
                        {clock.state === "running" ? `(${format(t.daysLeft, { days: clock.daysLeft })})` : null}
                        {clock.state === "overdue" ? `(${format(t.daysOverdue, { days: -clock.daysLeft })})` : null}
                        {clock.state === "met" ? " ✓" : null}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
