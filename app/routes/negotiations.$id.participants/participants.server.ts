import { json, type AppLoadContext } from "@remix-run/node";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import QRCode from "qrcode";
import { invites } from "../../../db/schema";
import { listParticipants, organisationsById } from "../../../db/queries/negotiations";
import { changeSeat, createInviteLink, inviteByUsername, removeParticipant, revokeInviteLink, type SeatManager } from "../../../server/commands/participantInviter";
import type { CommandRefusal } from "../../../server/commands/commandResult";
import { seatsManagedBy } from "../../../server/policies/negotiation";
import { representationWarnings } from "../../../shared/rules/representation";
import { isParticipantIntent, PARTICIPANT_INTENTS, type ParticipantIntent } from "../../../shared/schemas/participants";
import { fieldErrors, requireNegotiation, type NegotiationAccess } from "../../guards.server";

/** The participants page: the whitelist of what it shows (presenter). */
export function participantsPage(context: AppLoadContext, access: NegotiationAccess, now = Date.now()) {
  const { negotiation, membership, user } = access;
  const rows = listParticipants(context.db, negotiation.id);
  const orgs = organisationsById(context.db, rows.map((r) => r.organisationId).filter((id): id is string => id !== null));
  const facts = { locked: negotiation.lockedAt !== null };
  const managed = seatsManagedBy(membership, facts);
  const pending = managed.length
    ? context.db
        .select({ id: invites.id, side: invites.side, role: invites.role, createdAt: invites.createdAt, expiresAt: invites.expiresAt })
        .from(invites)
        .where(and(eq(invites.negotiationId, negotiation.id), isNull(invites.usedAt), gt(invites.expiresAt, now)))
        .orderBy(asc(invites.createdAt))
        .all()
    : [];
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked: negotiation.lockedAt !== null },
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

export type ParticipantsActionData =
  | { intent: ParticipantIntent | null; participantId?: string; errors: Record<string, string> }
  | { intent: "invite"; invited: string }
  | { intent: "changeSeat" | "remove"; participantId: string; saved: true }
  | { intent: "createLink"; link: string; qrSvg: string; expiresAt: number }
  | { intent: "revokeLink"; saved: true };

function refusal(intent: ParticipantIntent, r: CommandRefusal, participantId?: string) {
  return json<ParticipantsActionData>({ intent, participantId, errors: { [r.field ?? "_form"]: r.message } }, { status: r.code === "seat_not_managed" ? 403 : 400 });
}

/** One form per intent; each is checked by its schema, authorised by the policy, and done by one command. */
export async function participantsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  const form = Object.fromEntries(await request.formData());
  const intent = isParticipantIntent(form.intent) ? form.intent : null;
  const action = intent === "changeSeat" || intent === "remove" ? "manageParticipants" : "invite";
  const access = requireNegotiation(request, context, id, action);
  if (!intent) return json<ParticipantsActionData>({ intent: null, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const participantId = typeof form.participantId === "string" ? form.participantId : undefined;
  const parsed = PARTICIPANT_INTENTS[intent].safeParse(form);
  if (!parsed.success) return json<ParticipantsActionData>({ intent, participantId, errors: fieldErrors(parsed.error.issues) }, { status: 400 });

  const manager: SeatManager = {
    negotiationId: access.negotiation.id,
    actorId: access.user.id,
    membership: access.membership,
    facts: { locked: access.negotiation.lockedAt !== null },
  };
  const data = parsed.data;
  switch (data.intent) {
    case "invite": {
      const result = inviteByUsername(context.db, manager, data);
      if (!result.ok) return refusal(intent, result);
      return json<ParticipantsActionData>({ intent: "invite", invited: data.username });
    }
    case "changeSeat": {
      const result = changeSeat(context.db, manager, data);
      if (!result.ok) return refusal(intent, result, data.participantId);
      context.collab.reauthorise(result.value.userId);
      return json<ParticipantsActionData>({ intent: "changeSeat", participantId: data.participantId, saved: true });
    }
    case "remove": {
      const result = removeParticipant(context.db, manager, data);
      if (!result.ok) return refusal(intent, result, data.participantId);
      context.collab.reauthorise(result.value.userId);
      return json<ParticipantsActionData>({ intent: "remove", participantId: data.participantId, saved: true });
    }
    case "createLink": {
      const result = createInviteLink(context.db, manager, data);
      if (!result.ok) return refusal(intent, result);
      const link = `${new URL(request.url).origin}/invite/${result.value.token}`;
      const qrSvg = await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
      return json<ParticipantsActionData>({ intent: "createLink", link, qrSvg, expiresAt: result.value.expiresAt }, { headers: { "Cache-Control": "no-store" } });
    }
    case "revokeLink": {
      const result = revokeInviteLink(context.db, manager, data.inviteId);
      if (!result.ok) return refusal(intent, result);
      return json<ParticipantsActionData>({ intent: "revokeLink", saved: true });
    }
  }
}
