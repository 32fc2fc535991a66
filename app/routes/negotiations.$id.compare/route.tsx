import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ClauseComparison } from "~/shared/diff/compareAgreements";
import { articleLabel } from "~/shared/numbering";
import { TOPIC_LABELS, isTopicKey, type TopicKey } from "~/shared/topics";
import { CAUCUS } from "~/shared/schemas/version";
import { Redline } from "../../components/Redline";
import { VersionSelect } from "../../components/VersionSelect";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { comparisonEvidenceOf, comparisonJson, defaultComparison, mayComparePrivateDraft, requireComparison, roundPairOf, versionChoices } from "./compare.server";
import type { PageFinding } from "~/server/evidence/comparisonEvidence";
import { EvidencePanel, figureFindings, sourceAnchor } from "../../evidence/EvidencePanel";
import { FigureVerdict, FindingMarkers } from "../../evidence/FindingMarkers";
import { DataTable } from "../../components/DataTable";
import { TopicOptions } from "../../components/TopicOptions";

export const meta = pageTitle<typeof loader>("pageCompare", (data) => ({ from: data.comparison.fromLabel, to: data.comparison.toLabel }));

const VIEWS = ["inline", "side", "changes"] as const;
type View = (typeof VIEWS)[number];
const isView = (value: unknown): value is View => typeof value === "string" && (VIEWS as readonly string[]).includes(value);

/** Characters of unchanged text kept on each side of a change in the changes-only view. */
const CHANGES_ONLY_CONTEXT_CHARS = 14;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!url.searchParams.has("from") && !url.searchParams.has("to")) {
    const access = await requireNegotiation(request, context, params.id, "read");
    const pair = await defaultComparison(context, access.negotiation.id);
    // Other parameters (the calculator's inputs from a clause's link, view, topic) survive the redirect.
    const query = new URLSearchParams({ from: pair?.from ?? "", to: pair?.to ?? "" });
    for (const [key, value] of url.searchParams) query.append(key, value);
    if (pair) throw redirect(`/negotiations/${access.negotiation.id}/compare?${query}`);
  }
  const loaded = await requireComparison(request, context, params.id, "read", "page");
  const { negotiation, abilities } = loaded.access;
  const view = url.searchParams.get("view");
  const topic = url.searchParams.get("topic");
  return json({
    roundPair: await roundPairOf(context, negotiation.id),
    privateDraft: mayComparePrivateDraft(loaded.access.membership),
    negotiation: { id: negotiation.id, title: negotiation.title },
    canExport: abilities.export,
    versions: await versionChoices(context, negotiation.id),
    comparison: comparisonJson(loaded),
    // Issue 13: findings of both texts and the impact calculator's terms, computed here on the server.
    evidence: await comparisonEvidenceOf(context, loaded, url),
    canSetWageArea: abilities.setWageArea,
    initial: { view: isView(view) ? view : "inline", topic: isTopicKey(topic) ? topic : "all" } as { view: View; topic: TopicKey | "all" },
  });
}

function article(clause: ClauseComparison, which: "before" | "after" = "after"): string {
  const n = which === "before" ? (clause.articleNumber.before ?? clause.articleNumber.after) : (clause.articleNumber.after ?? clause.articleNumber.before);
  return n === null ? "" : articleLabel(n);
}

export default function Compare() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  const { comparison, negotiation } = data;
  const base = `/negotiations/${negotiation.id}`;
  const [view, setView] = useState<View>(data.initial.view);
  const [topic, setTopic] = useState<TopicKey | "all">(data.initial.topic);
  const [current, setCurrent] = useState(-1);
  const clauseRefs = useRef(new Map<string, HTMLElement>());

  // Keep the URL shareable: from/to come from the server, view and topic are written back here.
  useEffect(() => {
    const url = new URL(window.location.href);
    if (view === "inline") url.searchParams.delete("view");
    else url.searchParams.set("view", view);
    if (topic === "all") url.searchParams.delete("topic");
    else url.searchParams.set("topic", topic);
    window.history.replaceState(window.history.state, "", url);
  }, [view, topic]);

  const inTopic = (c: { topic: TopicKey; beforeTopic?: TopicKey }) => topic === "all" || c.topic === topic || c.beforeTopic === topic;
  const clauses = comparison.clauses.filter(inTopic);
  const changed = clauses.filter((c) => c.changes.length > 0);
  const unchangedCount = clauses.length - changed.length;
  const topicOf = useMemo(() => new Map(comparison.clauses.map((c) => [c.id, c])), [comparison.clauses]);
  const figures = comparison.figures.filter((f) => {
    const clause = topicOf.get(f.clauseId);
    return clause ? inTopic(clause) : true;
  });
  const query = `from=${encodeURIComponent(comparison.from)}&to=${encodeURIComponent(comparison.to)}`;

  const go = (step: 1 | -1) => {
    if (changed.length === 0) return;
    const next = current < 0 ? (step === 1 ? 0 : changed.length - 1) : (current + step + changed.length) % changed.length;
    setCurrent(next);
    const element = clauseRefs.current.get(changed[next]!.id);
    element?.scrollIntoView({ behavior: "smooth", block: "start" });
    element?.focus({ preventScroll: true });
  };
  const register = (id: string) => (element: HTMLElement | null) => {
    if (element) clauseRefs.current.set(id, element);
    else clauseRefs.current.delete(id);
  };

  return (
    <div className="page wide compare-page">
      <div className="page-title">
        <div>
          <h1>{t.compareTitle}</h1>
          <p className="subtitle" data-testid="compare-heading">
            {negotiation.title}:{format(t.compareHeading, { from: comparison.fromLabel, to: comparison.toLabel })}
          </p>
        </div>
        <nav className="toolbar" aria-label={t.compareTitle}>
          <Link to={base}>{t.backToWorkspace}</Link>
          <Link to={`${base}/versions`}>{t.versions}</Link>
          {data.roundPair ? (
            <Link to={`${base}/compare?from=${data.roundPair.from}&to=${data.roundPair.to}`} data-testid="compare-round-pair">
              {t.compareRoundPair}
            </Link>
          ) : null}
          {data.canExport ? (
            <>
              <a href={`${base}/compare.docx?${query}`} download data-testid="download-docx">
                {t.downloadDocx}
              </a>
              <a href={`${base}/compare.json?${query}`} download data-testid="download-json">
                {t.downloadJson}
              </a>
            </>
          ) : null}
        </nav>
      </div>

      <Form method="get" className="card compare-picker" aria-label={t.compareAny}>
        <VersionSelect name="from" legend={t.compareFrom} versions={data.versions} defaultValue={comparison.from} extra={data.privateDraft ? [{ value: CAUCUS, label: t.privateDraftOption }] : []} />
        <VersionSelect name="to" legend={t.compareTo} versions={data.versions} defaultValue={comparison.to} extra={data.privateDraft ? [{ value: CAUCUS, label: t.privateDraftOption }] : []} />
        <button type="submit">{t.compareSubmit}</button>
      </Form>

      <div className="compare-overview">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{t.summaryTitle}</h2>
          {comparison.titleChanged ? <p>{t.titleChangedNote}</p> : null}
          <DataTable testId="compare-summary" className="compare-table" columns={[t.summaryTopic, t.summaryClauses, t.summaryFigures]}>
            {comparison.summary.map((s) => (
              <tr key={s.topic} className={s.changedClauses === 0 ? "quiet" : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => setTopic(s.topic)} aria-pressed={topic === s.topic}>
                    {label(TOPIC_LABELS[s.topic])}
                  </button>
                </th>
                <td>{format(t.summaryClausesCount, { count: s.changedClauses })}</td>
                <td>{format(t.summaryFiguresCount, { count: s.figures })}</td>
              </tr>
            ))}
          </DataTable>
        </section>
        <section className="card" aria-labelledby="figures-title">
          <h2 id="figures-title">{t.figuresTitle}</h2>
          {figures.length === 0 ? (
            <p className="empty">{t.noFigures}</p>
          ) : (
            <DataTable testId="compare-figures" className="compare-table" columns={[t.figuresClause, t.figuresItem, <>{t.figuresBefore} → {t.figuresAfter}</>, t.evidenceLawfulColumn]}>
              {figures.map((f, i) => {
                const clause = topicOf.get(f.clauseId);
                return (
                  <tr key={`${f.clauseId}-${i}`}>
                    <td>
                      <a href={`#compare-${f.clauseId}`}>{clause ? `${article(clause)} ${clause.title}` : f.clauseId}</a>
                    </td>
                    <td>{f.context ?? ""}</td>
                    <td className="figure-change">
                      {f.before ? <del className="diff-del">{f.before}</del> : "—"} → {f.after ? <ins className="diff-ins">{f.after}</ins> : "—"}
                    </td>
                    <td className="figure-verdict" data-testid={`figure-verdict-${f.clauseId}`}>
                      <FigureVerdict finding={figureFindings(data.evidence, f).before} /> → <FigureVerdict finding={figureFindings(data.evidence, f).after} />
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </section>
      </div>

      <EvidencePanel
        evidence={data.evidence}
        negotiationId={negotiation.id}
        canSetWageArea={data.canSetWageArea}
        labels={{ from: comparison.fromLabel, to: comparison.toLabel }}
        articleOf={new Map(comparison.clauses.map((c) => [c.id, { number: c.articleNumber.after ?? c.articleNumber.before, title: c.title }]))}
        keep={{ from: comparison.from, to: comparison.to }}
      />

      <div className="compare-controls card" role="group" aria-label={t.view}>
        <fieldset className="view-switch">
          <legend>{t.view}</legend>
          {(
            [
              ["inline", t.viewInline],
              ["side", t.viewSideBySide],
              ["changes", t.viewChangesOnly],
            ] as const
          ).map(([key, text]) => (
            <label key={key}>
              <input type="radio" name="view" value={key} checked={view === key} onChange={() => setView(key)} /> {text}
            </label>
          ))}
        </fieldset>
        <label>
          {t.filterByTopic}
          <select value={topic} onChange={(e) => (setTopic(e.target.value as TopicKey | "all"), setCurrent(-1))} data-testid="compare-topic">
            <option value="all">{t.allTopics}</option>
            <TopicOptions />
          </select>
        </label>
        <div className="change-nav">
          <button type="button" onClick={() => go(-1)} disabled={changed.length === 0} data-testid="previous-change">
            ↑ {t.previousChange}
          </button>
          <button type="button" onClick={() => go(1)} disabled={changed.length === 0} data-testid="next-change">
            ↓ {t.nextChange}
          </button>
          <span aria-live="polite" className="muted">
            {changed.length > 0 && current >= 0 ? format(t.changeCounter, { index: current + 1, total: changed.length }) : format(t.summaryClausesCount, { count: changed.length })}
          </span>
        </div>
        <p className="muted legend">{t.legend}</p>
      </div>

      <section aria-label={t.agreement} className={`compare-clauses view-${view}`} data-testid="compare-clauses">
        {comparison.clauses.length > 0 && changed.length === 0 && topic === "all" ? <p className="notice">{t.noChanges}</p> : null}
        {clauses.map((clause) =>
          clause.changes.length > 0 ? (
            <ChangedClause key={clause.id} clause={clause} view={view} refFn={register(clause.id)} historyHref={`${base}/clauses/${clause.id}/history`} findings={data.evidence.findings.to.filter((f) => f.clauseId === clause.id)} />
          ) : view === "changes" ? null : (
            <details key={clause.id} className="compare-clause unchanged" id={`compare-${clause.id}`} data-clause-id={clause.id}>
              <summary>
                <span className="article-label">{article(clause)}</span> {clause.title} <span className="chip">{t.unchangedClause}</span>
              </summary>
              <FindingMarkers findings={data.evidence.findings.to.filter((f) => f.clauseId === clause.id)} sourceHref={sourceAnchor} />
              <p className="clause-body static">
                <Redline parts={clause.parts.body} side="after" />
              </p>
            </details>
          ),
        )}
        {view === "changes" && unchangedCount > 0 ? (
          <p className="muted">
            <button type="button" className="link-button" onClick={() => setView("inline")}>
              {format(t.showUnchanged, { count: unchangedCount })}
            </button>
          </p>
        ) : null}
      </section>
    </div>
  );
}

function ChangedClause({ clause, view, refFn, historyHref, findings }: { clause: ClauseComparison; view: View; refFn: (element: HTMLElement | null) => void; historyHref: string; findings: PageFinding[] }) {
  const t = useT();
  const label = useLabel();
  const labels = { insertedLabel: t.inserted, deletedLabel: t.deletedText };
  const moved = clause.changes.includes("moved") && clause.articleNumber.before !== null && clause.articleNumber.after !== null;
  const kind = clause.changes.includes("added") ? "added" : clause.changes.includes("deleted") ? "deleted" : "changed";
  return (
    <article ref={refFn} tabIndex={-1} className={`compare-clause changed ${kind}`} id={`compare-${clause.id}`} data-clause-id={clause.id} aria-labelledby={`compare-${clause.id}-title`}>
      <header className="compare-clause-head">
        <h3 id={`compare-${clause.id}-title`}>
          <span className="article-label">{article(clause)}</span>{" "}
          <span className="clause-title">
            {clause.changes.includes("retitled") && view !== "side" ? <Redline parts={clause.parts.title} {...labels} /> : clause.title}
          </span>
        </h3>
        <ul className="change-badges">
          {clause.changes.map((change) => (
            <li key={change} className={`change-badge change-${change}`}>
              {t.changeBadges[change]}
            </li>
          ))}
        </ul>
        <Link to={historyHref} className="history-link">
          {t.clauseHistory}
        </Link>
      </header>
      <FindingMarkers findings={findings} sourceHref={sourceAnchor} />
      {moved ? <p className="muted">{format(t.articleMoved, { before: articleLabel(clause.articleNumber.before!), after: articleLabel(clause.articleNumber.after!) })}</p> : null}
      {clause.beforeTopic ? (
        <p className="muted">
          {t.formerTopic}:{label(TOPIC_LABELS[clause.beforeTopic])} → {label(TOPIC_LABELS[clause.topic])}
        </p>
      ) : null}
      {view === "side" ? (
        <div className="side-by-side">
          <div>
            <h4>
              {t.before} {clause.articleNumber.before !== null ? `· ${articleLabel(clause.articleNumber.before)}` : ""}
            </h4>
            {clause.articleNumber.before !== null ? (
              <>
                <p className="side-title">{clause.beforeTitle ?? clause.title}</p>
                <p className="clause-body static">
                  <Redline parts={clause.parts.body} side="before" {...labels} />
                </p>
              </>
            ) : (
              <p className="empty">—</p>
            )}
          </div>
          <div>
            <h4>
              {t.after} {clause.articleNumber.after !== null ? `· ${articleLabel(clause.articleNumber.after)}` : ""}
            </h4>
            {clause.articleNumber.after !== null ? (
              <>
                <p className="side-title">{clause.title}</p>
                <p className="clause-body static">
                  <Redline parts={clause.parts.body} side="after" {...labels} />
                </p>
              </>
            ) : (
              <p className="empty">—</p>
            )}
          </div>
        </div>
      ) : (
        <p className="clause-body static">
          <Redline parts={clause.parts.body} context={view === "changes" && kind === "changed" ? CHANGES_ONLY_CONTEXT_CHARS : undefined} {...labels} />
        </p>
      )}
    </article>
  );
}
