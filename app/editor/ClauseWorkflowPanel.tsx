import { useFetcher } from "@remix-run/react";
import { CLAUSE_STATUS_LABELS } from "~/shared/clauseStatus";
import { diffClauseText } from "~/shared/diff/textDiff";
import { SIDE_LABELS } from "~/shared/roles";
import type { ClauseWorkflowView } from "~/server/presenters/workflow";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";

/** Status, tentative agreement and the changes since a voided one, for one clause. */
export function ClauseWorkflowPanel({ negotiationId, clauseId, workflow, currentTitle, currentBody }: {
  negotiationId: string;
  clauseId: string;
  workflow: ClauseWorkflowView;
  currentTitle: string;
  currentBody: string;
}) {
  const t = useT();
  const label = useLabel();
  const fetcher = useFetcher<{ ok: boolean; message?: string }>();
  const action = `/negotiations/${negotiationId}/clauses/${clauseId}`;
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;

  return (
    <div className="clause-workflow" data-testid={`workflow-${clauseId}`}>
      <span className={`status-badge status-${workflow.status}`} data-testid={`status-${clauseId}`}>
        {label(CLAUSE_STATUS_LABELS[workflow.status])}
      </span>
      <small className="muted">{format(t.proposedBySide, { side: label(SIDE_LABELS[workflow.proposedBy]) })}</small>
      {workflow.tentative && workflow.status !== "agreed" ? (
        <small className="ta-state">
          {t.taUnion} {workflow.tentative.unionConfirmed ? `✓ ${t.taConfirmed}` : t.taPending} · {t.taEnterprise}{" "}
          {workflow.tentative.enterpriseConfirmed ? `✓ ${t.taConfirmed}` : t.taPending}
        </small>
      ) : null}
      {workflow.canConfirm ? (
        <fetcher.Form method="post" action={action} className="inline-form">
          <input type="hidden" name="intent" value="confirm_ta" />
          <button type="submit" className="small primary" title={t.confirmTaHint} disabled={fetcher.state !== "idle"} data-testid={`confirm-ta-${clauseId}`}>
            {t.confirmTa}
          </button>
        </fetcher.Form>
      ) : null}
      {workflow.nextStatuses.map((to) => (
        <fetcher.Form key={to} method="post" action={action} className="inline-form">
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="to" value={to} />
          <button type="submit" className="small" disabled={fetcher.state !== "idle"}>
            {t.moveTo} {label(CLAUSE_STATUS_LABELS[to])}
          </button>
        </fetcher.Form>
      ))}
      {failed ? (
        <p className="form-error" role="alert">
          {format(t.statusChangeFailed, { message: failed })}
        </p>
      ) : null}
      {workflow.voided ? (
        <div className="ta-voided" role="note" data-testid={`ta-voided-${clauseId}`}>
          <strong>{t.taChanged}</strong> <span className="muted">{t.taChangedHint}</span>
          <p className="redline">
            {[...diffClauseText(workflow.voided.title, currentTitle), { kind: "equal" as const, text: " / " }, ...diffClauseText(workflow.voided.body, currentBody)].map((part, i) =>
              part.kind === "insert" ? <ins key={i}>{part.text}</ins> : part.kind === "delete" ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
            )}
          </p>
        </div>
      ) : null}
    </div>
  );
}
