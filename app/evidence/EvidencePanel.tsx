import type { ComparisonEvidence, PageFinding } from "~/server/evidence/comparisonEvidence";
import { articleLabel } from "~/shared/numbering";
import { format } from "../i18n/catalogue";
import { useLang, useT } from "../i18n/useT";
import { FindingMarkers } from "./FindingMarkers";
import { ImpactCalculator } from "./ImpactCalculator";
import { WageAreaForm } from "./WageAreaForm";

/** Anchor of a rule's source entry on the compare page (every floor links to its source, issue 13). */
export const sourceAnchor = (rule: string) => `#floor-source-${rule}`;

/** The traded figure's findings on each side: matched by clause and the figure as written. */
export function figureFindings(evidence: ComparisonEvidence, figure: { clauseId: string; before: string | null; after: string | null }) {
  const match = (list: PageFinding[], text: string | null) => (text ? list.find((f) => f.clauseId === figure.clauseId && f.figure !== null && f.figure.includes(text)) : undefined);
  const before = match(evidence.findings.from, figure.before);
  const after = figure.after ? match(evidence.findings.to, figure.after) : before ? evidence.findings.to.find((f) => f.clauseId === figure.clauseId && f.rule === before.rule) : undefined;
  return { before, after };
}

interface Props {
  evidence: ComparisonEvidence;
  negotiationId: string;
  canSetWageArea: boolean;
  labels: { from: string; to: string };
  /** Article label of each clause id in the newer text. */
  articleOf: Map<string, { number: number | null; title: string }>;
  keep: Record<string, string>;
}

/** The compare page's evidence: the area, the newer text's findings with their sources, and the calculator. */
export function EvidencePanel({ evidence, negotiationId, canSetWageArea, labels, articleOf, keep }: Props) {
  const t = useT();
  const lang = useLang();
  const flagged = evidence.findings.to.filter((f) => f.level !== "ok");
  const count = (level: string) => evidence.findings.to.filter((f) => f.level === level).length;
  return (
    <>
      <section className="card evidence" aria-labelledby="evidence-title" data-testid="evidence-panel">
        <h2 id="evidence-title">{t.evidenceTitle}</h2>
        <WageAreaForm negotiationId={negotiationId} area={evidence.area} areas={evidence.areas} round={evidence.round} canChange={canSetWageArea} redirectTo={`/negotiations/${negotiationId}/compare?${new URLSearchParams(keep)}`} />
        <h3>
          {t.evidenceFindingsTitle}:{labels.to}
        </h3>
        <p>{format(t.evidenceFindingsCount, { unlawful: count("unlawful"), weaker: count("weaker") })}</p>
        {flagged.length === 0 ? (
          <p className="empty">{t.evidenceNoFindings}</p>
        ) : (
          <ul className="evidence-list" data-testid="evidence-findings">
            {flagged.map((f, i) => {
              const clause = articleOf.get(f.clauseId);
              return (
                <li key={`${f.clauseId}-${f.rule}-${i}`} data-clause-id={f.clauseId} data-level={f.level}>
                  <a href={`#compare-${f.clauseId}`}>{clause ? `${clause.number !== null ? articleLabel(clause.number) : ""} ${clause.title}` : f.clauseId}</a>
                  <FindingMarkers findings={[f]} sourceHref={sourceAnchor} />
                </li>
              );
            })}
          </ul>
        )}
        <details className="floor-sources">
          <summary>{t.evidenceSource}</summary>
          <dl>
            {Object.entries(evidence.sources).map(([rule, source]) => (
              <div key={rule} id={`floor-source-${rule}`}>
                <dt>{source.summary[lang]}</dt>
                <dd>
                  {source.document}
                  {source.article ?? ""} · {source.issuer} · {source.effectiveFrom}
                  {source.confirmed ? null : (
                    <span className="tag" title={t.evidenceUnconfirmedHint}>
                      {t.evidenceUnconfirmed}
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      </section>
      <ImpactCalculator terms={evidence.terms} floor={evidence.round} initial={evidence.inputs} labels={labels} keep={keep} />
    </>
  );
}
