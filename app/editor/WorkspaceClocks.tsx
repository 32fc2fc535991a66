import { useFetcher } from "@remix-run/react";
import type { WorkspaceClocks as Clocks } from "~/server/presenters/workflow";
import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";

/** The 要约 answer clock (with the answer button for the seat that may answer) and days since the last meeting. */
export function WorkspaceClocks({ negotiationId, clocks }: { negotiationId: string; clocks: Clocks }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; message?: string }>();
  const { proposal, lastMeeting } = clocks;
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <div className="workspace-clocks" data-testid="workspace-clocks">
      {proposal.answeredOn ? (
        <span className="clock clock-met">{format(t.proposalAnswered, { date: proposal.answeredOn })}</span>
      ) : (
        <span className={`clock ${proposal.daysLeft < 0 ? "clock-overdue" : "clock-running"}`}>
          {format(t.proposalAnswerDue, { date: proposal.answerDue })}
          {proposal.daysLeft >= 0 ? `(${format(t.daysLeft, { days: proposal.daysLeft })})` : `(${format(t.daysOverdue, { days: -proposal.daysLeft })})`}
        </span>
      )}
      {proposal.canAnswer ? (
        <fetcher.Form method="post" action={`/negotiations/${negotiationId}/answer`} className="inline-form">
          <button type="submit" className="small primary" disabled={fetcher.state !== "idle"} data-testid="answer-proposal">
            {t.answerProposal}
          </button>
        </fetcher.Form>
      ) : null}
      <span className="muted">{lastMeeting ? format(t.daysSinceMeeting, { days: lastMeeting.daysAgo, date: lastMeeting.heldOn }) : t.noMeetingYet}</span>
      {failed ? (
        <span className="form-error" role="alert">
          {failed}
        </span>
      ) : null}
    </div>
  );
}
