import type { AppLoadContext } from "@remix-run/node";
import { organisationsById } from "../../../db/queries/negotiations";
import { readOnlyReason } from "../../../server/policies/negotiation";
import { presentAgreement } from "../../../server/presenters/agreement";
import { talkCounts } from "../../../server/presenters/talk";
import { presentWorkflow, presentWorkspaceClocks } from "../../../server/presenters/workflow";
import { agreementProgress } from "../../../server/workflow/progress";
import type { NegotiationAccess } from "../../guards.server";

/** What the workspace page may know: the live text, the user's seat and abilities, the parties. */
export async function loadWorkspace(context: AppLoadContext, access: NegotiationAccess) {
  const { negotiation, membership, user, abilities, facts } = access;
  const content = await context.collab.readAgreement(negotiation.id);
  const orgs = organisationsById(context.db, [negotiation.unionOrgId, negotiation.enterpriseOrgId, negotiation.higherUnionOrgId ?? ""].filter(Boolean));
  return {
    negotiation: {
      id: negotiation.id,
      title: negotiation.title,
      status: negotiation.status,
      mode: negotiation.mode,
      scope: negotiation.scope,
      unionParty: orgs.get(negotiation.unionOrgId)?.name ?? "",
      enterpriseParty: orgs.get(negotiation.enterpriseOrgId)?.name ?? "",
      locked: facts.locked,
    },
    me: { id: user.id, name: user.displayName, side: membership.side, role: membership.role },
    abilities,
    readOnly: readOnlyReason(membership, facts),
    initial: presentAgreement(content),
    workflow: presentWorkflow(agreementProgress(context.db, negotiation, content), membership, negotiation),
    clocks: presentWorkspaceClocks(context.db, negotiation, membership),
    /** Per clause: comments, open threads, this side's caucus notes, mentions of me (issue 5). */
    talk: talkCounts(context.db, negotiation.id, { userId: user.id, membership }),
  };
}
