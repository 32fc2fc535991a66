import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { SIDE_LABELS } from "~/shared/roles";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { requireNegotiation } from "../../guards.server";
import { ActionFailed } from "../../components/FormField";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { MeetingForm } from "../../talk/MeetingForm";
import { loadMeetings, meetingsAction, type MeetingActionData, type MeetingsData } from "./meetings.server";
import { NegotiationPageTitle } from "../../components/NegotiationPageTitle";

export const meta = pageTitle("pageMeetings");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadMeetings(context, await requireNegotiation(request, context, params.id, "read")), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return meetingsAction(request, context, params.id);
}

function ConfirmButton({ meetingId }: { meetingId: string }) {
  const t = useT();
  const fetcher = useFetcher<MeetingActionData>();
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <fetcher.Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="meetingId" value={meetingId} />
      <button type="submit" className="small primary" title={t.confirmMinutesHint} disabled={fetcher.state !== "idle"} data-testid={`confirm-minutes-${meetingId}`}>
        {t.confirmMinutes}
      </button>
      <ActionFailed message={failed} />
    </fetcher.Form>
  );
}

function MeetingRecord({ page, meeting }: { page: MeetingsData; meeting: MeetingsData["meetings"][number] }) {
  const t = useT();
  const label = useLabel();
  const [editing, setEditing] = useState(false);
  const clause = (id: string) => {
    const c = page.clauses.find((x) => x.id === id);
    return c ? `${c.label} ${c.title}` : id;
  };
  const list = (ids: string[]) => (ids.length ? ids.map(clause).join("、") : t.talkNone);
  return (
    <article className="card meeting" data-testid={`meeting-${meeting.id}`} aria-labelledby={`meeting-title-${meeting.id}`}>
      <h3 id={`meeting-title-${meeting.id}`}>
        {meeting.heldOn} · {meeting.place}
        {meeting.confirmed ? (
          <span className="badge status-agreed" data-testid={`minutes-final-${meeting.id}`}>
            {t.minutesFinal}
          </span>
        ) : null}
      </h3>
      <dl className="meeting-facts">
        <dt>{t.chair}</dt>
        <dd>{meeting.chairName ?? t.noChair}</dd>
        <dt>{t.minuteTaker}</dt>
        <dd>{meeting.minuteTaker}</dd>
        <dt>{t.attendees}</dt>
        <dd>{meeting.attendees.length ? meeting.attendees.map((a) => `${a.name}(${label(SIDE_LABELS[a.side])})`).join("、") : t.talkNone}</dd>
        <dt>{t.agenda}</dt>
        <dd>{list(meeting.agenda)}</dd>
        <dt>{t.outcomes}</dt>
        <dd data-testid={`outcomes-${meeting.id}`}>{list(meeting.outcomes)}</dd>
        {meeting.suspendedReason ? (
          <>
            <dt>{t.suspension}</dt>
            <dd>
              {meeting.suspendedReason} · {t.resumeOn} {meeting.resumeOn}
            </dd>
          </>
        ) : null}
        <dt>{t.unionConfirmation}</dt>
        <dd>{meeting.unionConfirmedBy ? `✓ ${meeting.unionConfirmedBy}` : t.notConfirmed}</dd>
        <dt>{t.enterpriseConfirmation}</dt>
        <dd>{meeting.enterpriseConfirmedBy ? `✓ ${meeting.enterpriseConfirmedBy}` : t.notConfirmed}</dd>
      </dl>
      <h4>{t.minutes}</h4>
      <p className="minutes">{meeting.minutes || t.talkNone}</p>
      <div className="toolbar">
        {meeting.canConfirm ? <ConfirmButton meetingId={meeting.id} /> : null}
        {meeting.canEdit ? (
          <button type="button" className="small" onClick={() => setEditing((e) => !e)} aria-expanded={editing}>
            {t.editMeeting}
          </button>
        ) : null}
      </div>
      {editing ? <MeetingForm page={page} meeting={meeting} onSaved={() => setEditing(false)} /> : null}
    </article>
  );
}

export default function Meetings() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const label = useLabel();
  useLiveRevalidation(page.negotiation.id, ["meetings", "workflow"]);
  const [formKey, setFormKey] = useState(0);
  return (
    <div className="page">
      <NegotiationPageTitle page={t.meetingsTitle} negotiation={page.negotiation} navLabel={t.meetings} onward={[{ path: "discussion", label: t.discussion }]} />
      <section className="card meeting-clock" aria-label={t.meetings}>
        <p data-testid="days-since-last-meeting">{page.daysSinceLast === null ? t.noMeetingYet : format(t.daysSinceLast, { days: String(page.daysSinceLast) })}</p>
        {page.suspension ? (
          <p className="notice" role="status" data-testid="suspension">
            {format(t.suspendedUntil, { reason: page.suspension.reason, date: page.suspension.resumeOn })}
          </p>
        ) : null}
        <p data-testid="chair-turn">{format(t.chairTurn, { side: label(SIDE_LABELS[page.turn.side]), name: page.turn.name ?? t.noChair })}</p>
      </section>
      {page.can.record ? (
        <details className="card">
          <summary>
            <h2 className="inline-heading">{t.recordMeeting}</h2>
          </summary>
          <MeetingForm key={formKey} page={page} onSaved={() => setFormKey((k) => k + 1)} />
        </details>
      ) : null}
      <section aria-label={t.meetingsTitle}>
        {page.meetings.map((m) => (
          <MeetingRecord key={m.id} page={page} meeting={m} />
        ))}
      </section>
    </div>
  );
}
