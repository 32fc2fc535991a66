import type { PageFinding } from "~/server/evidence/comparisonEvidence";
import { useLang, useT } from "../i18n/useT";
import type { LiveFinding } from "./useLiveFindings";
import { splitBilingual } from "~/shared/evidence/clauseChecks";

/** A page finding (message in both languages) or a contract one from evidence.json (message already bilingual). */
type AnyFinding = PageFinding | LiveFinding;
const messageOf = (f: AnyFinding, lang: "zh" | "en") => (typeof f.message === "string" ? splitBilingual(f.message) : f.message)[lang];
const confirmedOf = (f: AnyFinding) => ("confirmed" in f ? f.confirmed : true); // evidence.json marks an unconfirmed source in its text

const SYMBOL = { unlawful: "✗", weaker: "↓", ok: "✓" } as const;

/** The markers of one clause's findings: level, the reason, the floor and its source (EV-10). */
export function FindingMarkers({ findings, showOk = false, sourceHref }: { findings: AnyFinding[]; showOk?: boolean; sourceHref?: (rule: string) => string }) {
  const t = useT();
  const lang = useLang();
  const shown = findings.filter((f) => showOk || f.level !== "ok");
  if (shown.length === 0) return null;
  return (
    <ul className="finding-markers" data-testid="finding-markers">
      {shown.map((f, i) => (
        <li key={`${f.rule}-${i}`} className={`finding finding-${f.level}`} data-rule={f.rule} data-level={f.level} title={messageOf(f, lang)}>
          <span className="finding-level" aria-hidden="true">
            {SYMBOL[f.level]}
          </span>{" "}
          <strong>{t.evidenceLevels[f.level]}</strong>:{messageOf(f, lang)}
          <span className="finding-floor">
            {" "}
            · {t.evidenceFloor} {f.floor} · {t.evidenceSource}{" "}
            {sourceHref ? <a href={sourceHref(f.rule)}>{f.source}</a> : <cite>{f.source}</cite>}
            {confirmedOf(f) ? null : (
              <span className="tag" title={t.evidenceUnconfirmedHint}>
                {t.evidenceUnconfirmed}
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One figure's verdict in the compare table: ✓ lawful, ✗ unlawful, ↓ weaker, — no floor applies. */
export function FigureVerdict({ finding }: { finding: PageFinding | undefined }) {
  const t = useT();
  const lang = useLang();
  if (!finding) return <span className="muted" title={t.evidenceNoFinding}>—</span>;
  const word = finding.level === "ok" ? t.evidenceFigureLawful : finding.level === "unlawful" ? t.evidenceFigureUnlawful : t.evidenceFigureWeaker;
  return (
    <span className={`finding finding-${finding.level}`} data-level={finding.level} title={finding.message[lang]}>
      {SYMBOL[finding.level]} {word}
    </span>
  );
}
