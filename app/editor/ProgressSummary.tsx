import type { WorkflowView } from "~/server/presenters/workflow";
import { TOPIC_LABELS } from "~/shared/topics";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";

/** x of y clauses agreed, overall and per topic: the negotiation's progress at a glance. */
export function ProgressSummary({ workflow }: { workflow: WorkflowView }) {
  const t = useT();
  const label = useLabel();
  return (
    <section className="card progress" aria-label={t.progressTitle} data-testid="progress">
      <div className="progress-head">
        <strong>{format(t.progressAgreed, { agreed: workflow.agreed, total: workflow.total })}</strong>
        <progress value={workflow.agreed} max={Math.max(1, workflow.total)} aria-label={t.progressTitle} />
      </div>
      <ul className="topic-progress">
        {workflow.byTopic.map((entry) => (
          <li key={entry.topic} className={entry.agreed === entry.total ? "done" : ""}>
            {label(TOPIC_LABELS[entry.topic])} {entry.agreed}/{entry.total}
          </li>
        ))}
      </ul>
    </section>
  );
}
