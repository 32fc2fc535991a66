import { incomeCurve, type ImpactInput } from "~/shared/evidence/impact";
import type { PayTerms } from "~/shared/evidence/payTerms";
import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";
import { formatNumber } from "./money";

const WIDTH = 560;
const HEIGHT = 260;
const PAD = { left: 56, right: 16, top: 16, bottom: 40 };

/**
 * Monthly income against orders a day for both versions, with the monthly minimum as a line
 * (issue 13: people look at this rather than read it). Plain inline SVG: two straight lines and an
 * axis need no chart library.
 */
export function IncomeChart({ terms, input, minimumMonthly, labels }: { terms: { from: PayTerms; to: PayTerms }; input: ImpactInput; minimumMonthly: number; labels: { from: string; to: string } }) {
  const t = useT();
  const maxOrders = Math.max(60, Math.ceil((input.ordersPerDay * 1.5) / 10) * 10);
  const steps = Array.from({ length: 11 }, (_, i) => (maxOrders * i) / 10);
  const from = incomeCurve(terms.from, input, steps);
  const to = incomeCurve(terms.to, input, steps);
  const maxIncome = Math.max(minimumMonthly * 1.2, ...from.map((p) => p.monthly), ...to.map((p) => p.monthly)) || 1;
  const x = (orders: number) => PAD.left + (orders / maxOrders) * (WIDTH - PAD.left - PAD.right);
  const y = (income: number) => HEIGHT - PAD.bottom - (income / maxIncome) * (HEIGHT - PAD.top - PAD.bottom);
  const path = (points: { orders: number; monthly: number }[]) => points.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.orders).toFixed(1)},${y(p.monthly).toFixed(1)}`).join(" ");
  const yTicks = Array.from({ length: 5 }, (_, i) => (maxIncome * i) / 4);
  return (
    <figure className="income-chart" data-testid="income-chart">
      <figcaption>{t.impactChartTitle}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t.impactChartTitle} width="100%">
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">
              {formatNumber(v, 0)}
            </text>
          </g>
        ))}
        {steps.map((orders) => (
          <text key={orders} x={x(orders)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle" className="chart-tick">
            {formatNumber(orders, 0)}
          </text>
        ))}
        <text x={(WIDTH + PAD.left) / 2} y={HEIGHT - 6} textAnchor="middle" className="chart-axis">
          {t.impactChartX}
        </text>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(minimumMonthly)} y2={y(minimumMonthly)} className="chart-minimum" data-testid="chart-minimum" />
        <text x={WIDTH - PAD.right} y={y(minimumMonthly) - 4} textAnchor="end" className="chart-minimum-label">
          {format(t.impactChartMinimum, { value: formatNumber(minimumMonthly) })}
        </text>
        <line x1={x(input.ordersPerDay)} x2={x(input.ordersPerDay)} y1={PAD.top} y2={HEIGHT - PAD.bottom} className="chart-marker" />
        <path d={path(from)} className="chart-line chart-from" fill="none" data-testid="chart-from" />
        <path d={path(to)} className="chart-line chart-to" fill="none" data-testid="chart-to" />
      </svg>
      <p className="chart-legend">
        <span className="legend-from">━ {labels.from}</span> <span className="legend-to">━ {labels.to}</span> <span className="legend-minimum">┅ {format(t.impactChartMinimum, { value: formatNumber(minimumMonthly) })}</span>
      </p>
    </figure>
  );
}
