import { useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import type { ClauseEntry } from "~/shared/collab/docShape";
import { deleteClause, insertClause, moveClause, setClauseTopic } from "~/shared/collab/docShape";
import type { NumberedClause } from "~/shared/numbering";
import type { TopicKey } from "~/shared/topics";
import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";
import type { PresenceEntry } from "./usePresence";
import type { ClauseWorkflowView } from "~/server/presenters/workflow";
import { ClauseWorkflowPanel } from "./ClauseWorkflowPanel";
import { TextEditor } from "./TextEditor";
import { ClauseTalk } from "../talk/ClauseTalk";
import { FindingMarkers } from "../evidence/FindingMarkers";
import type { LiveFinding } from "../evidence/useLiveFindings";
import { ClauseImpact } from "../evidence/ClauseImpact";
import { TopicOptions } from "../components/TopicOptions";

interface ClauseCardProps {
  doc: Y.Doc;
  clause: ClauseEntry;
  numbering: NumberedClause;
  index: number;
  count: number;
  awareness: Awareness;
  readOnly: boolean;
  here: PresenceEntry[];
  negotiationId: string;
  workflow: ClauseWorkflowView | undefined;
  /** The server's checks of this clause's live text against the legal floors (issue 13). */
  findings?: LiveFinding[];
  /** Shared comments and caucus notes under the clause; off in a private draft, whose clauses are not yet on the table. */
  talk?: boolean;
  /** The area's minimum wage in force, for the impact calculator beside a pay clause (EV-12); absent: no calculator. */
  wageFloor?: { monthly: number; hourly: number } | null;
}

/** The drag payload type: a clause id, so drops from other pages or apps are ignored. */
const DRAG_TYPE = "application/x-tongshang-clause";

function newClauseId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** One clause: its number, live title and body editors, who is in it, and the clause operations. */
export function ClauseCard({ doc, clause, numbering, index, count, awareness, readOnly, here, negotiationId, workflow, findings = [], talk = true, wageFloor }: ClauseCardProps) {
  const t = useT();
  const [newTopic, setNewTopic] = useState<TopicKey>(clause.topic);
  const [dropTarget, setDropTarget] = useState(false);
  const focus = () => awareness.setLocalStateField("clauseId", clause.id);
  const titleText = clause.title.toString();
  const status = workflow?.status ?? "negotiating";

  return (
    <article
      className={`clause clause-${status}${dropTarget ? " drop-target" : ""}`}
      id={`clause-${clause.id}`}
      data-clause-id={clause.id}
      aria-labelledby={`clause-label-${clause.id}`}
      // Dropping a dragged clause here moves it to this clause's place (only its position changes).
      // Capture phase: the text editors inside would otherwise take the drop as text.
      onDragOverCapture={(e) => {
        if (readOnly || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.stopPropagation();
        setDropTarget(true);
      }}
      onDragLeave={() => setDropTarget(false)}
      onDropCapture={(e) => {
        setDropTarget(false);
        if (readOnly || !e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.stopPropagation();
        const dragged = e.dataTransfer.getData(DRAG_TYPE);
        if (dragged && dragged !== clause.id) moveClause(doc, dragged, index);
      }}
    >
      <div className="clause-head">
        {readOnly ? null : (
          <span
            className="drag-handle"
            draggable
            title={t.dragToMove}
            aria-hidden="true"
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, clause.id);
              e.dataTransfer.effectAllowed = "move";
            }}
          >
            ⠿
          </span>
        )}
        <span className="article-label" id={`clause-label-${clause.id}`}>
          {numbering.articleLabel}
        </span>
        <div className="clause-title">
          <TextEditor text={clause.title} awareness={awareness} readOnly={readOnly} singleLine label={`${numbering.articleLabel} ${t.clauseTitle}`} testId={`title-${clause.id}`} onFocus={focus} />
        </div>
        {here.length > 0 ? (
          <span className="clause-presence" aria-label={here.map((p) => p.name).join("、")}>
            {here.map((p) => (
              <span key={p.clientId} className="swatch" style={{ background: p.color }} title={p.name} />
            ))}
          </span>
        ) : null}
      </div>
      <div className="clause-body">
        <TextEditor text={clause.body} awareness={awareness} readOnly={readOnly} label={`${numbering.articleLabel} ${t.clauseBody}`} testId={`body-${clause.id}`} onFocus={focus} />
      </div>
      <FindingMarkers findings={findings} />
      {wageFloor !== undefined ? <ClauseImpact clauseId={clause.id} body={clause.body} negotiationId={negotiationId} floor={wageFloor} /> : null}
      {workflow ? <ClauseWorkflowPanel negotiationId={negotiationId} clauseId={clause.id} workflow={workflow} currentTitle={titleText} currentBody={clause.body.toString()} /> : null}
      {talk ? <ClauseTalk negotiationId={negotiationId} clauseId={clause.id} /> : null}
      {readOnly ? null : (
        <div className="clause-tools">
          <label className="tool-group">
            {t.topics}
            <select
              value={clause.topic}
              aria-label={`${numbering.articleLabel} ${t.topics}`}
              onChange={(e) => doc.transact(() => setClauseTopic(doc, clause.id, e.target.value as TopicKey))}
            >
              <TopicOptions />
            </select>
          </label>
          <button type="button" className="small" disabled={index === 0} onClick={() => moveClause(doc, clause.id, index - 1)} aria-label={`${t.moveUp} ${numbering.articleLabel}`}>
            ↑ {t.moveUp}
          </button>
          <button type="button" className="small" disabled={index === count - 1} onClick={() => moveClause(doc, clause.id, index + 1)} aria-label={`${t.moveDown} ${numbering.articleLabel}`}>
            ↓ {t.moveDown}
          </button>
          <span className="tool-group">
            <button type="button" className="small" onClick={() => insertClause(doc, { id: newClauseId(), topic: newTopic, title: "", body: "" }, clause.id)}>
              + {t.addClauseAfter}
            </button>
            <select value={newTopic} onChange={(e) => setNewTopic(e.target.value as TopicKey)} aria-label={`${t.addClauseAfter}: ${t.topics}`}>
              <TopicOptions />
            </select>
          </span>
          <button
            type="button"
            className="small danger"
            onClick={() => {
              if (window.confirm(format(t.deleteClauseConfirm, { title: `${numbering.articleLabel} ${titleText}` }))) deleteClause(doc, clause.id);
            }}
          >
            {t.deleteClause}
          </button>
        </div>
      )}
    </article>
  );
}

/** A clause as the server rendered it, shown until the live document has loaded (workspace, private draft). */
export function StaticClause({ id, articleLabel, title, body }: { id: string; articleLabel: string | undefined; title: string; body: string }) {
  return (
    <article className="clause" id={`clause-${id}`}>
      <div className="clause-head">
        <span className="article-label">{articleLabel}</span>
        <span className="clause-title">{title}</span>
      </div>
      <p className="clause-body static">{body}</p>
    </article>
  );
}
