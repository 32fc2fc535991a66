import type { NegotiationRow } from "~/db/queries/negotiations";
import { CLAUSE_STATUSES, type ClauseStatus } from "~/shared/clauseStatus";
import type { MeetingRow } from "~/db/queries/meetings";
import { chinaToday, daysLeft, proposalAnswerDeadline } from "~/shared/rules/deadlines";
import { actingSide, can, type Abilities, type Membership, type NegotiationFacts } from "../policies/negotiation";
import type { AgreementProgress } from "../workflow/progress";

/**
 * What the workspace shows of the clause workflow, with the policy's answers for this member
 * precomputed (docs/style.md: policies serialised to the client), so buttons match what the server allows.
 */
export function presentWorkflow(progress: AgreementProgress, membership: Membership, facts: NegotiationFacts) {
  const side = actingSide(membership);
  const mayConfirm = can(membership, "confirmTentativeAgreement", facts);
  return {
    total: progress.total,
    agreed: progress.agreed,
    byTopic: progress.byTopic,
    clauses: Object.fromEntries(
      progress.clauses.map((c) => {
        const mine = c.tentative ? (side === "union" ? c.tentative.unionConfirmed : side === "enterprise" ? c.tentative.enterpriseConfirmed : false) : false;
        return [
          c.clauseId,
          {
            status: c.status,
            proposedBy: c.proposedBy,
            tentative: c.tentative && { unionConfirmed: c.tentative.unionConfirmed, enterpriseConfirmed: c.tentative.enterpriseConfirmed },
            voided: c.status === "agreed" ? null : c.voided && { title: c.voided.title, body: c.voided.body },
            canConfirm: mayConfirm && c.status !== "agreed" && !mine,
            nextStatuses: CLAUSE_STATUSES.filter((to) => can(membership, "changeClauseStatus", facts, { from: c.status, to: to as ClauseStatus, proposedBy: c.proposedBy })),
          },
        ];
      }),
    ),
  };
}

export type WorkflowView = ReturnType<typeof presentWorkflow>;
export type ClauseWorkflowView = WorkflowView["clauses"][string];

/**
 * The clocks a negotiator watches from the workspace (docs/domain.md, procedure): the 要约 answer
 * deadline until it is answered — with whether this member may answer it — and the days since the
 * last bargaining meeting (`lastMeeting`: the latest of `meetingsOf`).
 */
export function presentWorkspaceClocks(negotiation: NegotiationRow, abilities: Abilities, lastMeeting: Pick<MeetingRow, "heldOn"> | undefined, today = chinaToday()) {
  const answerDue = proposalAnswerDeadline(negotiation.proposedOn);
  return {
    proposal: {
      proposedOn: negotiation.proposedOn,
      answerDue,
      daysLeft: daysLeft(today, answerDue),
      answeredOn: negotiation.answeredOn,
      canAnswer: abilities.answerProposal,
    },
    lastMeeting: lastMeeting ? { heldOn: lastMeeting.heldOn, daysAgo: -daysLeft(today, lastMeeting.heldOn) } : null,
  };
}

export type WorkspaceClocks = ReturnType<typeof presentWorkspaceClocks>;
