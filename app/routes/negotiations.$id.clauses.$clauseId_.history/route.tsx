import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { articleLabel } from "~/shared/numbering";
import { SIDE_LABELS, type Side } from "~/shared/roles";
import { Redline } from "../../components/Redline";
import { useWhen } from "../../components/VersionSelect";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { clauseHistoryPage } from "./history.server";

export const meta = pageTitle<typeof loader>("pageClauseHistory", (data) => ({ title: data.clause.title }));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await clauseHistoryPage(context, await requireNegotiation(request, context, params.id, "read"), params.clauseId));
}

/** /negotiations/:id/clauses/:clauseId/history: every version's text of one clause, with what changed at each step. */
export default function ClauseHistory() {
  const { negotiation, clause, steps, rounds } = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const when = useWhen();
  const base = `/negotiations/${negotiation.id}`;
  const current = [...steps].reverse().find((s) => s.articleNumber !== null);
  let previousId: string | null = null;
  return (
    <div className="page">
      <div className="page-title">
        <div>
          <h1>{format(t.clauseHistoryTitle, { article: current?.articleNumber ? articleLabel(current.articleNumber) : "", title: clause.title })}</h1>
          <p className="subtitle">{negotiation.title}</p>
        </div>
        <nav className="toolbar" aria-label={t.clauseHistory}>
          <Link to={base}>{t.backToWorkspace}</Link>
          <Link to={`${base}/versions`}>{t.versions}</Link>
        </nav>
      </div>
      <p>{t.clauseHistoryIntro}</p>
      <section className="card" aria-labelledby="history-rounds-title" data-testid="history-rounds">
        <h2 id="history-rounds-title">{t.historyRounds}</h2>
        {rounds.length === 0 ? (
          <p className="empty">{t.historyNoRounds}</p>
        ) : (
          <ol>
            {rounds.map((r) => (
              <li key={r.round}>
                <a href={`#history-${r.versionId}`}>{r.label}</a> <span className="muted">{format(t.roundTabledBy, { name: r.tabledByName, when: when(r.tabledAt) })}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <p className="muted legend">{t.legend}</p>
      <ol className="clause-history" data-testid="clause-history">
        {steps.map((step) => {
          const compareFrom = previousId;
          previousId = step.version.id;
          const isLive = step.version.seq === null;
          return (
            <li key={step.version.id} id={`history-${step.version.id}`} className="card history-step" data-testid="history-step">
              <header className="history-step-head">
                <h2>{isLive ? t.liveDraft : `v${step.version.seq} ${step.version.label}`}</h2>
                {step.version.side ? <span className={`badge side-${step.version.side}`}>{label(SIDE_LABELS[step.version.side as Side])}</span> : null}
                {step.version.author ? <span className="muted">{step.version.author}</span> : null}
                {step.version.createdAt ? <time dateTime={step.version.createdAt}>{when(step.version.createdAt)}</time> : null}
                <ul className="change-badges">
                  {step.changes.map((c) => (
                    <li key={c} className={`change-badge change-${c}`}>
                      {t.stepChanges[c]}
                    </li>
                  ))}
                </ul>
                {compareFrom ? (
                  <Link to={`${base}/compare?from=${compareFrom}&to=${step.version.id}#compare-${clause.id}`} className="history-link">
                    {t.compare}
                  </Link>
                ) : null}
              </header>
              {step.title === null ? (
                <p className="empty">{t.clauseAbsent}</p>
              ) : (
                <>
                  <h3 className="history-title">
                    <span className="article-label">{step.articleNumber ? articleLabel(step.articleNumber) : ""}</span> <Redline parts={step.parts.title} insertedLabel={t.inserted} deletedLabel={t.deletedText} />
                  </h3>
                  <p className="clause-body static">
                    <Redline parts={step.parts.body} insertedLabel={t.inserted} deletedLabel={t.deletedText} />
                  </p>
                </>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
