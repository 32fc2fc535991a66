import { Form } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { computeImpact, impactInputSchema, type ImpactInput } from "~/shared/evidence/impact";
import type { PayTerms } from "~/shared/evidence/payTerms";
import { fieldErrorsOf } from "~/shared/schemas/intents";
import { format } from "../i18n/catalogue";
import { useLang, useT } from "../i18n/useT";
import { IncomeChart } from "./IncomeChart";
import { formatNumber, formatSigned } from "./money";
import { DataTable } from "../components/DataTable";

export const IMPACT_FIELDS = ["ordersPerDay", "daysPerMonth", "hoursPerDay", "nightShare", "weatherDays", "extraKm"] as const;
type Field = (typeof IMPACT_FIELDS)[number];

interface Props {
  terms: { from: PayTerms; to: PayTerms };
  floor: { monthly: number; hourly: number } | null;
  initial: Record<Field, string>;
  labels: { from: string; to: string };
  /** Query parameters the page keeps beside the inputs (from, to, view, topic), for the no-script form. */
  keep: Record<string, string>;
}

/**
 * The impact calculator (issue 13). The server read both versions' pay terms from their text; the
 * arithmetic is the shared one impact.json uses, run here as the inputs change, and every input
 * is written to the address so the exact picture can be sent to a colleague.
 */
export function ImpactCalculator({ terms, floor, initial, labels, keep }: Props) {
  const t = useT();
  const lang = useLang();
  const [values, setValues] = useState(initial);
  const parsed = useMemo(() => impactInputSchema.safeParse(values), [values]);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues, lang);

  useEffect(() => {
    const url = new URL(window.location.href);
    for (const field of IMPACT_FIELDS) url.searchParams.set(field, values[field]);
    window.history.replaceState(window.history.state, "", url);
  }, [values]);

  const names: Record<Field, string> = {
    ordersPerDay: t.impactOrdersPerDay,
    daysPerMonth: t.impactDaysPerMonth,
    hoursPerDay: t.impactHoursPerDay,
    nightShare: t.impactNightShare,
    weatherDays: t.impactWeatherDays,
    extraKm: t.impactExtraKm,
  };
  const missingBase = (["from", "to"] as const).filter((side) => terms[side].basePerOrder === null);

  return (
    <section className="card impact" aria-labelledby="impact-title" data-testid="impact-calculator">
      <h2 id="impact-title">{t.impactTitle}</h2>
      <p className="muted">{t.impactIntro}</p>
      <Form method="get" className="impact-inputs" onSubmit={(e) => parsed.success || e.preventDefault()}>
        {Object.entries(keep).map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
        {IMPACT_FIELDS.map((field) => (
          <label key={field}>
            {names[field]}
            <input
              name={field}
              inputMode="decimal"
              value={values[field]}
              onChange={(e) => setValues((current) => ({ ...current, [field]: e.target.value }))}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `impact-${field}-error` : undefined}
              data-testid={`impact-${field}`}
            />
            {errors[field] ? (
              <span id={`impact-${field}-error`} className="field-error" role="alert">
                {errors[field]}
              </span>
            ) : null}
          </label>
        ))}
        <noscript>
          <button type="submit">{t.impactUpdate}</button>
        </noscript>
      </Form>
      {missingBase.length > 0 ? (
        <p className="notice">{missingBase.map((side) => format(t.impactNoBase, { label: labels[side] })).join(" ")}</p>
      ) : parsed.success && floor ? (
        <ImpactFigures terms={terms} input={parsed.data} floor={floor} labels={labels} />
      ) : null}
    </section>
  );
}

function ImpactFigures({ terms, input, floor, labels }: { terms: { from: PayTerms; to: PayTerms }; input: ImpactInput; floor: { monthly: number; hourly: number }; labels: { from: string; to: string } }) {
  const t = useT();
  const result = computeImpact(terms.from, terms.to, input, floor);
  const yuan = (value: number) => format(t.impactYuan, { value: formatNumber(value) });
  const perOrderWork = (side: "from" | "to") => {
    const s = terms[side];
    const parts = [`${formatNumber(s.basePerOrder ?? 0)}`];
    if (input.nightShare && s.nightPerOrder) parts.push(`${formatNumber(input.nightShare)} × ${formatNumber(s.nightPerOrder)}`);
    if (input.extraKm && s.perExtraKm) parts.push(`${formatNumber(input.extraKm)} × ${formatNumber(s.perExtraKm)}`);
    if (input.weatherDays && s.weatherPerOrder) parts.push(`${formatNumber(input.weatherDays)} ÷ ${formatNumber(input.daysPerMonth)} × ${formatNumber(s.weatherPerOrder)}`);
    return `${parts.join(" + ")} = ${formatNumber(result[side].perOrder, 4)} 元/单`;
  };
  const row = (label: string, testId: string, cells: { value: string; work: string }[]) => (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      {cells.map((cell, i) =>
        cell.value === "" ? (
          <td key={i} />
        ) : (
        <td key={i}>
          <details className="arithmetic">
            <summary>{cell.value}</summary>
            <code>{cell.work}</code>
          </details>
        </td>
        ),
      )}
    </tr>
  );
  const hoursMonth = input.daysPerMonth * input.hoursPerDay;
  const percent = result.change.percent;
  return (
    <>
      <DataTable testId="impact-figures" className="compare-table impact-table" columns={[t.impactTitle, labels.from, labels.to, t.impactChange]}>
        {row(t.impactPerOrder, "impact-per-order", [
          { value: yuan(result.from.perOrder), work: perOrderWork("from") },
          { value: yuan(result.to.perOrder), work: perOrderWork("to") },
          { value: yuan(result.to.perOrder - result.from.perOrder), work: `${formatNumber(result.to.perOrder, 4)} − ${formatNumber(result.from.perOrder, 4)}` },
        ])}
        {row(t.impactMonthly, "impact-monthly", [
          { value: yuan(result.from.monthly), work: `${formatNumber(input.ordersPerDay)} 单/日 × ${formatNumber(input.daysPerMonth)} 日 × ${formatNumber(result.from.perOrder, 4)} 元/单${input.weatherDays ? "(含天气补贴)" : ""} = ${formatNumber(result.from.monthly)} 元` },
          { value: yuan(result.to.monthly), work: `${formatNumber(input.ordersPerDay)} 单/日 × ${formatNumber(input.daysPerMonth)} 日 × ${formatNumber(result.to.perOrder, 4)} 元/单${input.weatherDays ? "(含天气补贴)" : ""} = ${formatNumber(result.to.monthly)} 元` },
          {
            value: `${format(t.impactYuan, { value: formatSigned(result.change.monthly) })}${percent === null ? "" : `(${formatSigned(percent, 1)}%)`}`,
            work: `${formatNumber(result.to.monthly)} − ${formatNumber(result.from.monthly)} = ${formatSigned(result.change.monthly)} 元${percent === null ? "" : `;÷ ${formatNumber(result.from.monthly)} = ${formatSigned(percent, 1)}%`}`,
          },
        ])}
        {row(t.impactHourly, "impact-hourly", [
          { value: yuan(result.from.hourly), work: `${formatNumber(result.from.monthly)} ÷ (${formatNumber(input.daysPerMonth)} 日 × ${formatNumber(input.hoursPerDay)} 小时 = ${formatNumber(hoursMonth)} 小时) = ${formatNumber(result.from.hourly)} 元/小时` },
          { value: yuan(result.to.hourly), work: `${formatNumber(result.to.monthly)} ÷ (${formatNumber(input.daysPerMonth)} 日 × ${formatNumber(input.hoursPerDay)} 小时 = ${formatNumber(hoursMonth)} 小时) = ${formatNumber(result.to.hourly)} 元/小时` },
          { value: yuan(result.to.hourly - result.from.hourly), work: `${formatNumber(result.to.hourly)} − ${formatNumber(result.from.hourly)}` },
        ])}
        {row(`${t.impactGap}(${t.impactFloorHourly} ${formatNumber(floor.hourly)} 元)`, "impact-gap-hourly", [
          { value: format(t.impactYuan, { value: formatSigned(result.from.hourly - floor.hourly) }), work: `${formatNumber(result.from.hourly)} − ${formatNumber(floor.hourly)}` },
          { value: format(t.impactYuan, { value: formatSigned(result.to.hourly - floor.hourly) }), work: `${formatNumber(result.to.hourly)} − ${formatNumber(floor.hourly)}` },
          { value: "", work: "" },
        ])}
        {row(`${t.impactGap}(${t.impactFloorMonthly} ${formatNumber(floor.monthly)} 元)`, "impact-gap-monthly", [
          { value: format(t.impactYuan, { value: formatSigned(result.from.monthly - floor.monthly) }), work: `${formatNumber(result.from.monthly)} − ${formatNumber(floor.monthly)}` },
          { value: format(t.impactYuan, { value: formatSigned(result.to.monthly - floor.monthly) }), work: `${formatNumber(result.to.monthly)} − ${formatNumber(floor.monthly)}` },
          { value: "", work: "" },
        ])}
        {row(t.impactBreakEven, "impact-break-even", [
          { value: Number.isFinite(result.from.breakEven) ? formatNumber(result.from.breakEven) : "—", work: `${formatNumber(floor.hourly)} 元/小时 ÷ ${formatNumber(result.from.perOrder, 4)} 元/单` },
          { value: Number.isFinite(result.to.breakEven) ? formatNumber(result.to.breakEven) : "—", work: `${formatNumber(floor.hourly)} 元/小时 ÷ ${formatNumber(result.to.perOrder, 4)} 元/单` },
          { value: "", work: "" },
        ])}
      </DataTable>
      <IncomeChart terms={terms} input={input} minimumMonthly={floor.monthly} labels={labels} />
    </>
  );
}
