import { Form } from "@remix-run/react";
import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";

export interface AreaRound {
  area: string;
  monthly: number;
  hourly: number;
  effectiveFrom: string;
  confirmed: boolean;
}

/** The negotiation's minimum-wage area and the round in force; a chief may change it (EV-9). */
export function WageAreaForm({ negotiationId, area, areas, round, canChange, redirectTo }: { negotiationId: string; area: string; areas: string[]; round: AreaRound | null; canChange: boolean; redirectTo: string }) {
  const t = useT();
  return (
    <div className="wage-area" data-testid="wage-area">
      <p>
        {t.evidenceArea}:
        <strong data-testid="wage-area-round">
          {round ? format(t.evidenceAreaRound, { area, monthly: round.monthly, hourly: round.hourly, date: round.effectiveFrom }) : format(t.evidenceAreaNone, { area })}
        </strong>
        {round && !round.confirmed ? (
          <span className="tag" title={t.evidenceUnconfirmedHint}>
            {t.evidenceUnconfirmed}
          </span>
        ) : null}
      </p>
      {canChange ? (
        <Form method="post" action={`/negotiations/${negotiationId}/wage-area`} className="inline-form">
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <label>
            {t.evidenceAreaChange}{" "}
            <select name="area" defaultValue={area} data-testid="wage-area-select">
              {areas.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit" className="small">
            {t.save}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
