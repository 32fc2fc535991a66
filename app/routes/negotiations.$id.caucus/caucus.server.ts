import { json, type AppLoadContext } from "@remix-run/node";
import { caucusBase, findCaucusDraft, listRounds } from "~/db/queries/rounds";
import { resetCaucusDraft } from "~/server/commands/caucusDraftResetter";
import { setTablingPermission } from "~/server/commands/tablingPermissionSetter";
import { can, caucusSideOf, readOnlyReason } from "~/server/policies/negotiation";
import { presentAgreement } from "~/server/presenters/agreement";
import { presentTurns } from "~/server/presenters/rounds";
import { caucusDocumentName } from "~/shared/collab/documentName";
import { readSnapshot, snapshotContent } from "~/shared/rounds/draftSnapshot";
import { planRound } from "~/shared/rounds/planRound";
import { CAUCUS_INTENTS } from "~/shared/schemas/rounds";
import type { NegotiationAccess } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";
import { refusalText } from "~/shared/i18n/refusals";

/** The member's own side, or 403: observers have no private draft, and nobody sees another side's. */
function requireSide(access: NegotiationAccess) {
  const side = caucusSideOf(access.membership);
  if (!side) throw json({ error: "forbidden", message: refusalText(access.lang, { key: "caucusDraft.observer" }) }, { status: 403 });
  return side;
}

/**
 * 本方内部草案 page (R-2…R-7): the side's private draft as it stands (for the first paint; the editor
 * then joins `<id>~<side>`), what tabling it would change and the conflicts the chief must resolve,
 * whose move it is, and which of the page's actions the policy allows this member.
 */
export async function loadCaucusDraft(context: AppLoadContext, access: NegotiationAccess) {
  const { negotiation, membership, user, facts } = access;
  const side = requireSide(access);
  const { mine, theirs } = await context.collab.withDocuments([caucusDocumentName(negotiation.id, side), negotiation.id], ([caucusDoc, liveDoc]) => ({
    mine: readSnapshot(caucusDoc!),
    theirs: readSnapshot(liveDoc!),
  }));
  const draft = await findCaucusDraft(context.driver.db, negotiation.id, side);
  const base = caucusBase(draft) ?? theirs;
  const plan = planRound(base, mine, theirs);
  const { locked } = facts;
  const representativesMayTable = draft?.representativesMayTable ?? false;
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked },
    me: { id: user.id, name: user.displayName, side: membership.side, role: membership.role },
    side,
    documentName: caucusDocumentName(negotiation.id, side),
    readOnly: locked ? ("locked" as const) : can(membership, "writeDraft", facts, { draft: side }) ? null : readOnlyReason(membership, facts) ?? ("role" as const),
    abilities: { table: can(membership, "tableRound", facts, { side, representativesMayTable }), manage: can(membership, "manageCaucusDraft", facts, { side }) },
    representativesMayTable,
    base: { copiedAt: draft?.copiedAt ? new Date(draft.copiedAt).toISOString() : null, round: draft?.baseRound ?? null },
    initial: presentAgreement(snapshotContent(mine)),
    proposedCount: plan.proposed.length,
    conflicts: plan.conflicts,
    turns: presentTurns(await listRounds(context.driver.db, negotiation.id), negotiation.proposedBySide),
  };
}

/**
 * Reset to the live draft and the tabling permission. The page's policy question is
 * `readCaucus` (a member of a side; observers 403); who of the side may do each is the caucus
 * policy's, asked by the commands (forbidden/locked answer 403).
 */
const CAUCUS_FORMS = {
  reset: intent({ schema: CAUCUS_INTENTS.reset, policy: "readCaucus", run: (_data, { context, actor }) => resetCaucusDraft(context, actor, {}) }),
  permission: intent({
    schema: CAUCUS_INTENTS.permission,
    policy: "readCaucus",
    run: (data, { context, actor }) => setTablingPermission(context, actor, { allowed: data.representativesMayTable === "yes" }),
  }),
} satisfies Record<keyof typeof CAUCUS_INTENTS, unknown>;

export type CaucusActionData = IntentOutcome<typeof CAUCUS_FORMS>;

export async function caucusAction(request: Request, context: AppLoadContext, id: string | undefined) {
  // A checkbox after its hidden "no": the last value of a repeated field is the one meant (readFormFields keeps the last).
  return runNegotiationIntentForm(request, context, id, { intents: CAUCUS_FORMS, unknownIntentPolicy: "readCaucus" });
}
