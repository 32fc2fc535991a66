import { STAGE_LABELS, type Stage } from "~/shared/ledger/labels";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";

/** Inline SVG: bars of negotiations by stage, and a line of workers covered month by month (L-10). */
export function LedgerCharts({ stages, workers }: { stages: { stage: Stage; count: number }[]; workers: { month: string; workers: number }[] }) {
  const t = useT();
  const label = useLabel();
  const maxCount = Math.max(1, ...stages.map((s) => s.count));
  const maxWorkers = Math.max(1, ...workers.map((w) => w.workers));
  const W = 360;
  const H = 150;
  const barW = W / stages.length;
  const x = (i: number) => 20 + (i * (W - 40)) / Math.max(1, workers.length - 1);
  const y = (v: number) => H - 25 - (v / maxWorkers) * (H - 45);
  return (
    <div className="ledger-charts">
      <figure>
        <figcaption>{t.ledgerChartStages}</figcaption>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t.ledgerChartStages} data-testid="chart-stages">
          {stages.map((s, i) => {
            const h = (s.count / maxCount) * (H - 45);
            return (
              <g key={s.stage}>
                <title>{`${label(STAGE_LABELS[s.stage])}: ${s.count}`}</title>
                <rect x={i * barW + 6} y={H - 25 - h} width={barW - 12} height={h} className={`bar stage-${s.stage}`} />
                <text x={i * barW + barW / 2} y={H - 28 - h} textAnchor="middle" fontSize="11">
                  {s.count}
                </text>
                <text x={i * barW + barW / 2} y={H - 8} textAnchor="middle" fontSize="10">
                  {label(STAGE_LABELS[s.stage])}
                </text>
              </g>
            );
          })}
        </svg>
      </figure>
      <figure>
        <figcaption>{t.ledgerChartWorkers}</figcaption>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t.ledgerChartWorkers} data-testid="chart-workers">
          <polyline fill="none" strokeWidth="2" className="line" points={workers.map((w, i) => `${x(i)},${y(w.workers)}`).join(" ")} />
          {workers.map((w, i) => (
            <g key={w.month}>
              <title>{format(t.ledgerChartWorkersPoint, { month: w.month, n: w.workers })}</title>
              <circle cx={x(i)} cy={y(w.workers)} r="3" className="point" />
              {i % 3 === 2 || i === workers.length - 1 ? (
                <text x={x(i)} y={H - 8} textAnchor="middle" fontSize="10">
                  {w.month}
                </text>
              ) : null}
            </g>
          ))}
          <text x={x(workers.length - 1)} y={y(workers.at(-1)?.workers ?? 0) - 6} textAnchor="end" fontSize="11">
            {workers.at(-1)?.workers ?? 0}
          </text>
        </svg>
      </figure>
    </div>
  );
}
