import type { AppLoadContext } from "@remix-run/node";
import { meetingsOf, minutesConfirmed } from "~/db/queries/meetings";
import { listParticipants } from "~/db/queries/negotiations";
import { tentativeAgreementsOf } from "~/db/queries/workflow";
import { done } from "~/server/commands/commandResult";
import { confirmMinutes, saveMeeting } from "~/server/commands/meetingRecorder";
import { can, minutesConfirmationSide } from "~/server/policies/negotiation";
import { numberAgreement } from "~/shared/numbering";
import { suggestChairSide } from "~/shared/rules/chairRotation";
import { chinaToday, daysLeft } from "~/shared/rules/deadlines";
import { confirmMinutesSchema, formObject, MEETING_ARRAY_FIELDS, meetingSchema } from "~/shared/schemas/talk";
import type { NegotiationAccess } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";

/** The date (UTC+8) each clause reached a tentative agreement both chiefs confirmed: date → clause ids. */
async function tentativeAgreementDates(context: AppLoadContext, negotiationId: string): Promise<Record<string, string[]>> {
  const rows = await tentativeAgreementsOf(context.driver.db, negotiationId);
  const byDate: Record<string, string[]> = {};
  for (const r of rows) {
    if (r.unionConfirmedAt === null || r.enterpriseConfirmedAt === null) continue;
    const date = chinaToday(new Date(Math.max(r.unionConfirmedAt, r.enterpriseConfirmedAt)));
    const list = (byDate[date] ??= []);
    if (!list.includes(r.clauseId)) list.push(r.clauseId);
  }
  return byDate;
}

/** The meetings page: the record, whose turn it is to chair, and how long since the last meeting. */
export async function loadMeetings(context: AppLoadContext, access: NegotiationAccess, now = new Date()) {
  const { negotiation, membership, user } = access;
  const { facts } = access;
  const { locked } = facts;
  const today = chinaToday(now);
  const people = await listParticipants(context.driver.db, negotiation.id);
  const person = new Map(people.map((p) => [p.userId, p]));
  const rows = await meetingsOf(context.driver.db, negotiation.id);
  const content = await context.collab.readAgreement(negotiation.id);
  const labels = new Map(numberAgreement(content.clauses).map((n) => [n.clauseId, n.articleLabel]));
  const mySide = minutesConfirmationSide(membership, facts);
  const mayRecord = access.abilities.recordMeeting;

  const chairSides = rows.map((r) => {
    const side = r.chairUserId ? person.get(r.chairUserId)?.side : undefined;
    return side === "union" || side === "enterprise" ? side : null;
  });
  const turn = suggestChairSide(chairSides, negotiation.proposedBySide);
  const chairs = people.filter((p) => can(p, "chair", facts)).map((p) => ({ userId: p.userId, name: p.displayName, side: p.side, role: p.role }));
  const suggested = chairs.find((c) => c.side === turn && c.role === "chief") ?? chairs.find((c) => c.side === turn) ?? null;
  const held = rows.filter((r) => r.heldOn <= today);
  const last = held.at(-1);
  const latest = rows.at(-1);
  const nameOf = (id: string | null) => (id ? (person.get(id)?.displayName ?? "") : null);

  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked },
    today,
    daysSinceLast: last ? -daysLeft(today, last.heldOn) : null,
    suspension: latest?.suspendedReason && latest.resumeOn && latest.resumeOn >= today ? { reason: latest.suspendedReason, resumeOn: latest.resumeOn } : null,
    turn: { side: turn, userId: suggested?.userId ?? null, name: suggested?.name ?? null },
    chairs,
    attendeeChoices: people.filter((p) => p.side !== "observer").map((p) => ({ userId: p.userId, name: p.displayName, side: p.side })),
    clauses: content.clauses.map((c) => ({ id: c.id, label: labels.get(c.id) ?? c.id, title: c.title })),
    taDates: await tentativeAgreementDates(context, negotiation.id),
    can: { record: mayRecord, confirmFor: mySide },
    me: { userId: user.id },
    meetings: rows
      .map((r) => {
        const confirmed = minutesConfirmed(r);
        const mine = mySide === "union" ? r.unionConfirmedAt : mySide === "enterprise" ? r.enterpriseConfirmedAt : null;
        return {
          id: r.id,
          heldOn: r.heldOn,
          place: r.place,
          chairUserId: r.chairUserId,
          chairName: nameOf(r.chairUserId),
          minuteTaker: r.minuteTaker,
          attendees: r.attendees.map((id) => ({ userId: id, name: person.get(id)?.displayName ?? "", side: person.get(id)?.side ?? "observer" })),
          agenda: r.agenda,
          minutes: r.minutes,
          outcomes: r.outcomes,
          suspendedReason: r.suspendedReason,
          resumeOn: r.resumeOn,
          unionConfirmedBy: nameOf(r.unionConfirmedBy),
          enterpriseConfirmedBy: nameOf(r.enterpriseConfirmedBy),
          confirmed,
          canConfirm: mySide !== null && mine === null && !confirmed,
          canEdit: mayRecord && !confirmed,
        };
      })
      .reverse(),
  };
}

export type MeetingsData = Awaited<ReturnType<typeof loadMeetings>>;
/** Record or amend a meeting (policy `recordMeeting`); confirm its minutes (the command asks whose confirmation counts). */
const MEETING_FORMS = {
  save: intent({
    schema: meetingSchema,
    policy: "recordMeeting",
    run: (data, { context, actor }) => saveMeeting(context, actor, data),
  }),
  confirm: intent({
    schema: confirmMinutesSchema,
    policy: "read",
    run: async (data, { context, actor }) => {
      const result = await confirmMinutes(context, actor, data);
      return result.ok ? done({ id: data.meetingId, state: result.value.state }) : result;
    },
  }),
};

export type MeetingActionData = IntentOutcome<typeof MEETING_FORMS>;

export async function meetingsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, {
    intents: MEETING_FORMS,
    unknownIntentPolicy: "read",
    kind: "api",
    fields: formObject(await request.formData(), MEETING_ARRAY_FIELDS),
    subjectField: "meetingId",
  });
}
