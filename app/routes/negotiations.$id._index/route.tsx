import { json, type LoaderFunctionArgs, type LinksFunction } from "@remix-run/node";
import roundsStyles from "../../styles/rounds.css?url";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { numberAgreement } from "~/shared/numbering";
import { MODE_LABELS, ROLE_LABELS, SIDE_LABELS } from "~/shared/roles";
import type { TopicKey } from "~/shared/topics";
import { ClauseCard, StaticClause } from "../../editor/ClauseCard";
import { ConnectionBar } from "../../editor/ConnectionBar";
import { PresencePanel } from "../../editor/PresencePanel";
import { AgreementTitle } from "../../editor/AgreementTitle";
import { ReadOnlyBanner } from "../../editor/ReadOnlyBanner";
import { useClauseOrder } from "../../editor/useClauseOrder";
import { useCollab } from "../../editor/useCollab";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { ProgressSummary } from "../../editor/ProgressSummary";
import { WorkspaceClocks } from "../../editor/WorkspaceClocks";
import { TurnsPanel } from "../../editor/TurnsPanel";
import { usePresence } from "../../editor/usePresence";
import { requireNegotiation } from "../../guards.server";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { loadWorkspace } from "./workspace.server";
import { useLiveFindings } from "../../evidence/useLiveFindings";
import { WageAreaForm } from "../../evidence/WageAreaForm";
import { TopicOptions } from "../../components/TopicOptions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: roundsStyles }];

export const meta = pageTitle<typeof loader>("pageNegotiation", (data) => ({ title: data.negotiation.title }));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadWorkspace(context, await requireNegotiation(request, context, params.id)));
}

export default function Workspace() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const session = useCollab(data.negotiation.id, data.me);
  // Editors appear once the draft has synced and stay while offline: edits are kept and sent later.
  const live = session?.loaded ? session : null;
  const { clauses, title } = useClauseOrder(live?.doc);
  const presence = usePresence(session?.provider.awareness);
  const findings = useLiveFindings(data.negotiation.id, live?.doc);
  const [topic, setTopic] = useState<TopicKey | "all">("all");
  const [onlyOpen, setOnlyOpen] = useState(false);
  useLiveRevalidation(data.negotiation.id);
  const statusOf = (id: string) => data.workflow.clauses[id]?.status ?? "negotiating";
  const shown = (c: { id: string; topic: TopicKey }) => (topic === "all" || c.topic === topic) && (!onlyOpen || statusOf(c.id) !== "agreed");
  const readOnly = data.readOnly !== null || session?.denial != null;

  // Before the live draft has synced (and without JavaScript) the server's text is shown as is.
  const order = live ? clauses.map((c) => ({ id: c.id, topic: c.topic })) : data.initial.clauses;
  const numbering = useMemo(() => new Map(numberAgreement(order).map((n) => [n.clauseId, n])), [order]);
  const visible = order.filter(shown);

  return (
    <div className="page wide">
      <div className="page-title">
        <div>
          <h1>{data.negotiation.title}</h1>
          <p className="subtitle">
            {data.negotiation.unionParty} ⇄ {data.negotiation.enterpriseParty} · {label(MODE_LABELS[data.negotiation.mode])} · {t.yourSeat}:
            {label(SIDE_LABELS[data.me.side])} {label(ROLE_LABELS[data.me.role])}
          </p>
        </div>
        <nav className="toolbar" aria-label={t.agreement}>
          {data.privateDraft ? (
            <Link to={`/negotiations/${data.negotiation.id}/caucus`} className="private-draft-link" data-testid="private-draft-link">
              🔒 {t.privateDraftNav}
            </Link>
          ) : null}
          <Link to={`/negotiations/${data.negotiation.id}/participants`}>{t.participants}</Link>
          <Link to={`/negotiations/${data.negotiation.id}/versions`}>{t.versions}</Link>
          <Link to={`/negotiations/${data.negotiation.id}/sign`}>{t.signingNav}</Link>
          <Link to={`/negotiations/${data.negotiation.id}/discussion`}>{t.discussion}</Link>
          <Link to={`/negotiations/${data.negotiation.id}/meetings`}>{t.meetings}</Link>
          <Link to={`/negotiations/${data.negotiation.id}/export`}>{t.exportsNav}</Link>
          {data.mayUpdateCoverage ? (
            <Link to={`/negotiations/${data.negotiation.id}/coverage`} data-testid="coverage-link">
              {t.coverageTitle}
            </Link>
          ) : null}
          <a href={`/negotiations/${data.negotiation.id}/export.json`} download>
            {t.exportJson}
          </a>
        </nav>
      </div>
      <ReadOnlyBanner reason={data.readOnly} denied={Boolean(session?.denial)} role={data.me.role} />
      <div className="workspace">
        <aside className="outline card" aria-label={t.outline}>
          <h2>{t.outline}</h2>
          <label>
            {t.filterByTopic}
            <select value={topic} onChange={(e) => setTopic(e.target.value as TopicKey | "all")} data-testid="topic-filter">
              <option value="all">{t.allTopics}</option>
              <TopicOptions />
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} data-testid="only-open" />
            {t.onlyOpen}
          </label>
          <WageAreaForm negotiationId={data.negotiation.id} {...data.wageArea} canChange={data.abilities.setWageArea} redirectTo={`/negotiations/${data.negotiation.id}`} />
          <ol>
            {visible.map((c) => {
              const n = numbering.get(c.id)!;
              const first = numbering.get(c.id)?.articleNumber === order.findIndex((o) => numbering.get(o.id)?.chapterIndex === n.chapterIndex) + 1;
              return (
                <li key={c.id}>
                  {first ? <div className="chapter">{`${n.chapterLabel} ${label({ zh: n.chapterTitle, en: n.chapterTitleEn })}`}</div> : null}
                  <a href={`#clause-${c.id}`} className={`outline-${statusOf(c.id)}`}>
                    {n.articleLabel}
                  </a>
                </li>
              );
            })}
          </ol>
        </aside>
        <section aria-label={t.agreement} className="agreement">
          <WorkspaceClocks negotiationId={data.negotiation.id} clocks={data.clocks} />
          <TurnsPanel negotiationId={data.negotiation.id} turns={data.turns} />
          <ConnectionBar session={session} />
          <ProgressSummary workflow={data.workflow} />
          <AgreementTitle text={live ? title : null} awareness={live?.provider.awareness} readOnly={readOnly} initial={data.initial.title} />
          {live
            ? clauses
                .filter(shown)
                .map((clause) => {
                  const n = numbering.get(clause.id)!;
                  const index = clauses.indexOf(clause);
                  const startsChapter = index === 0 || clauses[index - 1].topic !== clause.topic;
                  return (
                    <div key={clause.id}>
                      {startsChapter ? <h3 className="chapter-heading">{`${n.chapterLabel} ${label({ zh: n.chapterTitle, en: n.chapterTitleEn })}`}</h3> : null}
                      <ClauseCard
                        doc={live.doc}
                        clause={clause}
                        numbering={n}
                        index={index}
                        count={clauses.length}
                        awareness={live.provider.awareness}
                        readOnly={readOnly}
                        here={presence.filter((p) => !p.self && p.clauseId === clause.id)}
                        negotiationId={data.negotiation.id}
                        workflow={data.workflow.clauses[clause.id]}
                        findings={findings.get(clause.id)}
                        wageFloor={data.wageArea.round ? { monthly: data.wageArea.round.monthly, hourly: data.wageArea.round.hourly } : null}
                      />
                    </div>
                  );
                })
            : data.initial.clauses
                .filter(shown)
                .map((c) => (
                  <StaticClause key={c.id} id={c.id} articleLabel={numbering.get(c.id)?.articleLabel} title={c.title} body={c.body} />
                ))}
        </section>
        <PresencePanel presence={presence} />
      </div>
    </div>
  );
}
