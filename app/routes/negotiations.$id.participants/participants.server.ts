import type { AppLoadContext } from "@remix-run/node";
import QRCode from "qrcode";
import { openInvites } from "~/db/queries/invites";
import { listParticipants, organisationsById } from "~/db/queries/negotiations";
import { changeSeat, createInviteLink, inviteByUsername, removeParticipant, revokeInviteLink } from "~/server/commands/participantInviter";
import { done, type CommandResult } from "~/server/commands/commandResult";
import { seatsManagedBy } from "~/server/policies/negotiation";
import { representationWarnings } from "~/shared/rules/representation";
import { PARTICIPANT_INTENTS, type ParticipantIntent } from "~/shared/schemas/participants";
import type { NegotiationAccess } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";

/** The participants page: the whitelist of what it shows (presenter). */
export async function participantsPage(context: AppLoadContext, access: NegotiationAccess, now = Date.now()) {
  const { negotiation, membership, user, facts } = access;
  const rows = await listParticipants(context.driver.db, negotiation.id);
  const orgs = await organisationsById(context.driver.db, rows.map((r) => r.organisationId).filter((id): id is string => id !== null));
  const managed = seatsManagedBy(membership, facts);
  const pending = managed.length ? await openInvites(context.driver.db, negotiation.id, now) : [];
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked: facts.locked },
    me: { userId: user.id, side: membership.side, role: membership.role },
    participants: rows.map((r) => ({
      id: r.id,
      userId: r.userId,
      username: r.username,
      displayName: r.displayName,
      organisation: r.organisationId ? (orgs.get(r.organisationId)?.name ?? "") : "",
      side: r.side,
      role: r.role,
      outsideExpert: r.outsideExpert,
    })),
    warnings: representationWarnings(rows.map((r) => ({ userId: r.userId, side: r.side, role: r.role, outsideExpert: r.outsideExpert }))),
    seatsManaged: [...managed],
    pendingInvites: pending,
  };
}

/** A changed or emptied seat: the answer names the row (the command has ended that person's live-draft sockets). */
async function reseated(pending: Promise<CommandResult<{ userId: string }>>, participantId: string) {
  const result = await pending;
  return result.ok ? done({ participantId, saved: true as const }) : result;
}

/** One form per intent; each is checked by its schema, authorised by the policy, and done by one command. */
const PARTICIPANT_FORMS = {
  invite: intent({
    schema: PARTICIPANT_INTENTS.invite,
    policy: "invite",
    run: async (data, { context, actor }) => {
      const result = await inviteByUsername(context, actor, data);
      return result.ok ? done({ invited: data.username }) : result;
    },
  }),
  changeSeat: intent({ schema: PARTICIPANT_INTENTS.changeSeat, policy: "manageParticipants", run: (data, { context, actor }) => reseated(changeSeat(context, actor, data), data.participantId) }),
  remove: intent({ schema: PARTICIPANT_INTENTS.remove, policy: "manageParticipants", run: (data, { context, actor }) => reseated(removeParticipant(context, actor, data), data.participantId) }),
  createLink: intent({
    schema: PARTICIPANT_INTENTS.createLink,
    policy: "invite",
    headers: { "Cache-Control": "no-store" },
    run: async (data, { request, context, actor }) => {
      const result = await createInviteLink(context, actor, data);
      if (!result.ok) return result;
      const link = `${new URL(request.url).origin}/invite/${result.value.token}`;
      const qrSvg = await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      return done({ link, qrSvg, expiresAt: result.value.expiresAt });
    },
  }),
  revokeLink: intent({
    schema: PARTICIPANT_INTENTS.revokeLink,
    policy: "invite",
    run: async (data, { context, actor }) => {
      const result = await revokeInviteLink(context, actor, { inviteId: data.inviteId });
      return result.ok ? done({ saved: true as const }) : result;
    },
  }),
} satisfies Record<ParticipantIntent, unknown>;

export type ParticipantsActionData = IntentOutcome<typeof PARTICIPANT_FORMS>;

export async function participantsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, { intents: PARTICIPANT_FORMS, unknownIntentPolicy: "invite", subjectField: "participantId" });
}
