import type { AppLoadContext } from "@remix-run/node";
import { organisationsById } from "~/db/queries/negotiations";
import { listRounds } from "~/db/queries/rounds";
import { caucusNotesFor } from "~/db/queries/caucus";
import { commentsOf } from "~/db/queries/comments";
import { meetingsOf } from "~/db/queries/meetings";
import { presentTurns } from "~/server/presenters/rounds";
import { caucusSideOf, readOnlyReason } from "~/server/policies/negotiation";
import { presentAgreement } from "~/server/presenters/agreement";
import { talkCounts } from "~/server/presenters/talk";
import { presentWorkflow, presentWorkspaceClocks } from "~/server/presenters/workflow";
import { agreementProgress } from "~/server/workflow/progress";
import type { NegotiationAccess } from "../../guards.server";
import { wageAreaView } from "~/server/evidence/comparisonEvidence";

/** What the workspace page may know: the live text, the user's seat and abilities, the parties. */
export async function loadWorkspace(context: AppLoadContext, access: NegotiationAccess) {
  const { negotiation, membership, user, abilities, facts } = access;
  const content = await context.collab.readAgreement(negotiation.id);
  const orgs = await organisationsById(context.driver.db, [negotiation.unionOrgId, negotiation.enterpriseOrgId, negotiation.higherUnionOrgId ?? ""].filter(Boolean));
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
    workflow: presentWorkflow(await agreementProgress(context.driver.db, negotiation, content), membership, facts),
    clocks: presentWorkspaceClocks(negotiation, abilities, (await meetingsOf(context.driver.db, negotiation.id)).at(-1)),
    /** Per clause: comments, open threads, this side's caucus notes, mentions of me (issue 5). */
    talk: talkCounts(await commentsOf(context.driver.db, negotiation.id), await caucusNotesFor(context.driver.db, negotiation.id, caucusSideOf(membership)), { userId: user.id }),
    /** The minimum-wage area the clause checks use (issue 13). */
    wageArea: await wageAreaView(context.driver.db, negotiation.id),
    /** Whose move, the rounds tabled so far, and whether this member has a private draft. */
    turns: presentTurns(await listRounds(context.driver.db, negotiation.id), negotiation.proposedBySide),
    privateDraft: caucusSideOf(membership) !== null,
    /** Whether the toolbar links the coverage form (L-12: those who may update it). */
    mayUpdateCoverage: abilities.updateCoverage,
  };
}
