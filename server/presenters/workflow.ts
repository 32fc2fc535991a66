import type { NegotiationRow } from "../../db/queries/negotiations";
import { CLAUSE_STATUSES, type ClauseStatus } from "../../shared/clauseStatus";
import { actingSide, canChangeClauseStatus, canConfirmTentativeAgreement } from "../policies/clause";
import type { Membership } from "../policies/negotiation";
import type { AgreementProgress } from "../workflow/progress";

/**
 * What the workspace shows of the clause workflow, with the policy's answers for this member
 * precomputed (style.md: policies serialised to the client), so buttons match what the server allows.
 */
export function presentWorkflow(progress: AgreementProgress, membership: Membership, negotiation: NegotiationRow) {
  const locked = negotiation.lockedAt !== null;
  const side = actingSide(membership);
  const mayConfirm = canConfirmTentativeAgreement(membership, negotiation.mode, locked);
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
            nextStatuses: CLAUSE_STATUSES.filter((to) => canChangeClauseStatus(membership, { from: c.status, to: to as ClauseStatus, proposedBy: c.proposedBy }, negotiation.mode, locked)),
          },
        ];
      }),
    ),
  };
}

export type WorkflowView = ReturnType<typeof presentWorkflow>;
export type ClauseWorkflowView = WorkflowView["clauses"][string];
