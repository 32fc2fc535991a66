import { json, type AppLoadContext } from "@remix-run/node";
import { caucusBase, findCaucusDraft, listRounds } from "../../../db/queries/rounds";
import { resetCaucusDraft } from "../../../server/commands/caucusDraftResetter";
import { setTablingPermission } from "../../../server/commands/tablingPermissionSetter";
import { canManageCaucusDraft, canTableRound, canWriteDraft, caucusSideOf } from "../../../server/policies/caucusDraft";
import { readOnlyReason } from "../../../server/policies/negotiation";
import { presentAgreement } from "../../../server/presenters/agreement";
import { presentTurns } from "../../../server/presenters/rounds";
import { caucusDocumentName } from "../../../shared/collab/documentName";
import { readSnapshot, snapshotContent } from "../../../shared/rounds/draftSnapshot";
import { planRound } from "../../../shared/rounds/planRound";
import { CAUCUS_INTENTS } from "../../../shared/schemas/rounds";
import { intentOf } from "../../../shared/schemas/admin";
import { fieldErrors, type NegotiationAccess } from "../../guards.server";

/** The member's own side, or 403: observers have no private draft, and nobody sees another side's. */
function requireSide(access: NegotiationAccess) {
  const side = caucusSideOf(access.membership);
  if (!side) throw json({ error: "forbidden", message: "观察员没有内部草案 (observers have no private draft)" }, { status: 403 });
  return side;
}

/**
 * 本方内部草案 page (R-2…R-7): the side's private draft as it stands (for the first paint; the editor
 * then joins `<id>~<side>`), what tabling it would change and the conflicts the chief must resolve,
 * whose move it is, and which of the page's actions the policy allows this member.
 */
export async function loadCaucusDraft(context: AppLoadContext, access: NegotiationAccess) {
  const { negotiation, membership, user } = access;
  const side = requireSide(access);
  const { mine, theirs } = await context.collab.withDocuments([caucusDocumentName(negotiation.id, side), negotiation.id], ([caucusDoc, liveDoc]) => ({
    mine: readSnapshot(caucusDoc!),
    theirs: readSnapshot(liveDoc!),
  }));
  const draft = findCaucusDraft(context.db, negotiation.id, side);
  const base = caucusBase(draft) ?? theirs;
  const plan = planRound(base, mine, theirs);
  const locked = negotiation.lockedAt !== null;
  const facts = { locked, mode: negotiation.mode, representativesMayTable: draft?.representativesMayTable ?? false };
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked },
    me: { id: user.id, name: user.displayName, side: membership.side, role: membership.role },
    side,
    documentName: caucusDocumentName(negotiation.id, side),
    readOnly: locked ? ("locked" as const) : canWriteDraft(membership, side, { locked }) ? null : readOnlyReason(membership, { locked }) ?? ("role" as const),
    abilities: { table: canTableRound(membership, side, facts), manage: canManageCaucusDraft(membership, side, facts) },
    representativesMayTable: facts.representativesMayTable,
    base: { copiedAt: draft?.copiedAt ? new Date(draft.copiedAt).toISOString() : null, round: draft?.baseRound ?? null },
    initial: presentAgreement(snapshotContent(mine)),
    proposedCount: plan.proposed.length,
    conflicts: plan.conflicts,
    turns: presentTurns(listRounds(context.db, negotiation.id), negotiation.proposedBySide),
  };
}

export type CaucusActionData = { intent: string | null; ok: boolean; errors?: Record<string, string>; message?: string };

const STATUS: Record<string, number> = { forbidden: 403, locked: 403 };

/** Reset to the live draft and the tabling permission, each checked by its schema and done by one command. */
export async function caucusAction(request: Request, context: AppLoadContext, access: NegotiationAccess) {
  requireSide(access);
  const data = await request.formData();
  // A checkbox after its hidden "no": the last value of a repeated field is the one meant.
  const form: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of data) form[key] = value;
  const intent = intentOf(CAUCUS_INTENTS, form.intent);
  if (!intent) return json<CaucusActionData>({ intent: null, ok: false, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const parsed = CAUCUS_INTENTS[intent].safeParse(form);
  if (!parsed.success) return json<CaucusActionData>({ intent, ok: false, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
  const actor = { negotiation: access.negotiation, userId: access.user.id, membership: access.membership };
  const result =
    intent === "reset"
      ? await resetCaucusDraft(context, actor)
      : setTablingPermission(context.db, { negotiationId: access.negotiation.id, userId: access.user.id, membership: access.membership }, "representativesMayTable" in parsed.data && parsed.data.representativesMayTable === "yes");
  if (!result.ok) return json<CaucusActionData>({ intent, ok: false, message: result.message }, { status: STATUS[result.code] ?? 400 });
  return json<CaucusActionData>({ intent, ok: true });
}
