import { Link } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import type * as Y from "yjs";
import { IMPACT_DEFAULTS, impactInputSchema, incomeFor } from "~/shared/evidence/impact";
import { readPayTerms } from "~/shared/evidence/payTerms";
import { fieldErrorsOf } from "~/shared/schemas/intents";
import { format } from "../i18n/catalogue";
import { useLang, useT } from "../i18n/useT";
import { formatNumber, formatSigned } from "./money";

const FIELDS = ["ordersPerDay", "daysPerMonth", "hoursPerDay"] as const;
type Field = (typeof FIELDS)[number];
const INITIAL = Object.fromEntries(FIELDS.map((f) => [f, String(IMPACT_DEFAULTS[f])])) as Record<Field, string>;

/** The clause body as it is now: the card re-renders on structure changes, not on every keystroke. */
function useLiveText(text: Y.Text): string {
  const [value, setValue] = useState(() => text.toString());
  useEffect(() => {
    const update = () => setValue(text.toString());
    update();
    text.observe(update);
    return () => text.unobserve(update);
  }, [text]);
  return value;
}

/**
 * The compact impact calculator beside a pay clause (issue 13, EV-12): shown when the clause's own
 * text names a base price per order (read by the shared readPayTerms, never by id or title), with
 * the compare page's arithmetic (incomeFor) and a link carrying the same inputs to the full one.
 */
export function ClauseImpact({ clauseId, body, negotiationId, floor }: { clauseId: string; body: Y.Text; negotiationId: string; floor: { monthly: number; hourly: number } | null }) {
  const t = useT();
  const lang = useLang();
  const text = useLiveText(body);
  const terms = useMemo(() => readPayTerms([{ id: clauseId, body: text }]), [clauseId, text]);
  const [values, setValues] = useState(INITIAL);
  const parsed = useMemo(() => impactInputSchema.safeParse(values), [values]);
  if (terms.basePerOrder === null) return null;
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues, lang);
  const names: Record<Field, string> = { ordersPerDay: t.impactOrdersPerDay, daysPerMonth: t.impactDaysPerMonth, hoursPerDay: t.impactHoursPerDay };
  const figures = parsed.success ? incomeFor(terms, parsed.data, floor?.hourly ?? 0) : null;
  const yuan = (value: number) => format(t.impactYuan, { value: formatNumber(value) });
  const query = new URLSearchParams(values).toString();

  return (
    <details className="clause-impact" data-testid={`clause-impact-${clauseId}`}>
      <summary>
        {t.impactTitle}
        {figures ? ` · ${t.impactMonthly} ${yuan(figures.monthly)}` : ""}
      </summary>
      <div className="impact-inputs">
        {FIELDS.map((field) => (
          <label key={field}>
            {names[field]}
            <input
              inputMode="decimal"
              value={values[field]}
              onChange={(e) => setValues((current) => ({ ...current, [field]: e.target.value }))}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `clause-impact-${clauseId}-${field}-error` : undefined}
              data-testid={`clause-impact-${field}`}
            />
            {errors[field] ? (
              <span id={`clause-impact-${clauseId}-${field}-error`} className="field-error" role="alert">
                {errors[field]}
              </span>
            ) : null}
          </label>
        ))}
      </div>
      {figures ? (
        <dl className="clause-impact-figures">
          <div>
            <dt>{t.impactMonthly}</dt>
            <dd data-testid="clause-impact-monthly">{yuan(figures.monthly)}</dd>
          </div>
          <div>
            <dt>{t.impactHourly}</dt>
            <dd data-testid="clause-impact-hourly">{yuan(figures.hourly)}</dd>
          </div>
          {floor ? (
            <div>
              <dt>{`${t.impactGap}(${t.impactFloorHourly} ${formatNumber(floor.hourly)} 元)`}</dt>
              <dd data-testid="clause-impact-gap" data-below={figures.hourly < floor.hourly ? "true" : undefined}>
                {format(t.impactYuan, { value: formatSigned(figures.hourly - floor.hourly) })}
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <Link to={`/negotiations/${negotiationId}/compare?${query}`} data-testid="clause-impact-compare">
        {t.impactSeeCompare}
      </Link>
    </details>
  );
}
