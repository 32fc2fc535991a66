import { SIDE_LABELS } from "~/shared/roles";
import { useLabel, useT } from "../i18n/useT";
import type { PresenceEntry } from "./usePresence";

export function PresencePanel({ presence }: { presence: PresenceEntry[] }) {
  const t = useT();
  const label = useLabel();
  return (
    <aside className="presence card" aria-label={t.presence}>
      <h2>{t.presence}</h2>
      <ul data-testid="presence">
        {presence.map((p) => (
          <li key={p.clientId}>
            <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
            <span className={`side-${p.side}`}>{p.name}</span>
            <small>{label(SIDE_LABELS[p.side])}</small>
          </li>
        ))}
      </ul>
    </aside>
  );
}
