import { Link } from "@remix-run/react";
import { SIDE_LABELS } from "~/shared/roles";
import { previousRoundOfOtherSide } from "~/shared/rounds/turns";
import type { TurnsView } from "~/server/presenters/rounds";
import { useWhen } from "../components/VersionSelect";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";

/** Whose move it is, the round, days since the last one, and each round with who tabled it. */
export function TurnsPanel({ negotiationId, turns }: { negotiationId: string; turns: TurnsView }) {
  const t = useT();
  const label = useLabel();
  const when = useWhen();
  const base = `/negotiations/${negotiationId}`;
  return (
    <section className="turns card" aria-labelledby="turns-title" data-testid="turns">
      <h2 id="turns-title">{t.turnsTitle}</h2>
      <p>
        <strong className={`turn turn-${turns.next}`} data-testid="turn">
          {format(t.turnOf, { side: label(SIDE_LABELS[turns.next]) })}
        </strong>
        {" · "}
        {turns.round > 0 ? <span data-testid="round-number">{format(t.roundNumber, { round: turns.round })}</span> : <span>{t.noRoundYet}</span>}
        {turns.daysSinceLast !== null ? <span className="muted"> · {format(t.daysSinceRound, { days: turns.daysSinceLast })}</span> : null}
      </p>
      {turns.rounds.length > 0 ? (
        <ol className="round-list" data-testid="round-list">
          {turns.rounds.map((r) => {
            const counterpart = previousRoundOfOtherSide(turns.rounds, r);
            return (
              <li key={r.round}>
                <Link to={`${base}/versions`}>{r.label}</Link> <span className="muted">{format(t.roundTabledBy, { name: r.tabledByName, when: when(r.tabledAt) })}</span>
                {counterpart ? (
                  <>
                    {" · "}
                    <Link to={`${base}/compare?from=${counterpart.versionId}&to=${r.versionId}`} data-testid={`compare-round-${r.round}`}>
                      {t.compareRoundPair}
                    </Link>
                  </>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
