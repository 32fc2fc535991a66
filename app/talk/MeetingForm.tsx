import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { SIDE_LABELS } from "../../shared/roles";
import { formObject, MEETING_ARRAY_FIELDS, meetingSchema } from "../../shared/schemas/talk";
import { Field, FieldError } from "../components/FormField";
import { formOf, useIntentForms } from "../components/useIntentForms";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";
import type { MeetingActionData, MeetingsData } from "../routes/negotiations.$id.meetings/meetings.server";

type Meeting = MeetingsData["meetings"][number];

const MEETING_SCHEMAS = { save: meetingSchema };
const readMeetingForm = (data: FormData) => formObject(data, MEETING_ARRAY_FIELDS);

/** Record a meeting, or amend one whose minutes are not yet confirmed by both chiefs. */
export function MeetingForm({ page, meeting, onSaved }: { page: MeetingsData; meeting?: Meeting; onSaved?: () => void }) {
  const t = useT();
  const label = useLabel();
  const fetcher = useFetcher<MeetingActionData>();
  const prefix = meeting ? `m-${meeting.id}` : "m-new";
  const [heldOn, setHeldOn] = useState(meeting?.heldOn ?? page.today);
  // The same schema as the server's, over the form read the server's way (repeated fields as lists).
  const { errorsFor, check } = useIntentForms(MEETING_SCHEMAS, fetcher.state === "idle" ? fetcher.data : undefined, readMeetingForm);
  const formKey = formOf("save", meeting?.id);
  const shown = errorsFor(formKey);
  const suggested = page.taDates[heldOn] ?? [];
  const outcomesChecked = new Set([...(meeting?.outcomes ?? []), ...suggested]);
  const attendees = new Set(meeting ? meeting.attendees.map((a) => a.userId) : []);
  const agenda = new Set(meeting?.agenda ?? []);
  const chairDefault = meeting ? (meeting.chairUserId ?? "") : (page.turn.userId ?? "");
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) onSaved?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);
  const err = (name: string) => shown[name] ?? Object.entries(shown).find(([k]) => k.startsWith(`${name}.`))?.[1];
  const id = (name: string) => `${prefix}-${name}`;

  return (
    <fetcher.Form method="post" onSubmit={check(formKey)} noValidate className="meeting-form" data-testid={meeting ? `meeting-form-${meeting.id}` : "meeting-form"}>
      <input type="hidden" name="intent" value="save" />
      {meeting ? <input type="hidden" name="meetingId" value={meeting.id} /> : null}
      {meeting && (meeting.unionConfirmedBy || meeting.enterpriseConfirmedBy) ? <p className="notice">{t.minutesAmendWarning}</p> : null}
      <div className="form-grid">
        <Field label={t.heldOn} id={id("heldOn")} error={err("heldOn")}>
          <input type="date" name="heldOn" value={heldOn} onChange={(e) => setHeldOn(e.target.value)} required />
        </Field>
        <Field label={t.place} id={id("place")} error={err("place")}>
          <input type="text" name="place" defaultValue={meeting?.place ?? ""} required />
        </Field>
        <Field label={t.chair} id={id("chair")} error={err("chairUserId")}>
          <select name="chairUserId" defaultValue={chairDefault}>
            <option value="">{t.noChair}</option>
            {page.chairs.map((c) => (
              <option key={c.userId} value={c.userId}>
                {label(SIDE_LABELS[c.side])} · {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t.minuteTaker} id={id("taker")} error={err("minuteTaker")} hint={t.minuteTakerHint}>
          <input type="text" name="minuteTaker" defaultValue={meeting?.minuteTaker ?? ""} required />
        </Field>
      </div>
      <fieldset className="checkbox-grid">
        <legend>{t.attendees}</legend>
        {page.attendeeChoices.map((p) => (
          <label key={p.userId} className="checkbox">
            <input type="checkbox" name="attendees" value={p.userId} defaultChecked={attendees.has(p.userId)} />
            {label(SIDE_LABELS[p.side])} · {p.name}
          </label>
        ))}
        <FieldError id={id("attendees-error")} message={err("attendees")} />
      </fieldset>
      <fieldset className="checkbox-grid clauses">
        <legend>{t.agenda}</legend>
        {page.clauses.map((c) => (
          <label key={c.id} className="checkbox">
            <input type="checkbox" name="agenda" value={c.id} defaultChecked={agenda.has(c.id)} />
            {c.label} {c.title}
          </label>
        ))}
        <FieldError id={id("agenda-error")} message={err("agenda")} />
      </fieldset>
      <Field label={t.minutes} id={id("minutes")} error={err("minutes")}>
        <textarea name="minutes" rows={6} defaultValue={meeting?.minutes ?? ""} />
      </Field>
      <fieldset className="checkbox-grid clauses" key={heldOn}>
        <legend>{t.outcomes}</legend>
        {suggested.length ? <small className="hint">{t.outcomesSuggested}</small> : null}
        {page.clauses.map((c) => (
          <label key={c.id} className="checkbox">
            <input type="checkbox" name="outcomes" value={c.id} defaultChecked={outcomesChecked.has(c.id)} data-testid={`${prefix}-outcome-${c.id}`} />
            {c.label} {c.title}
          </label>
        ))}
        <FieldError id={id("outcomes-error")} message={err("outcomes")} />
      </fieldset>
      <fieldset>
        <legend>{t.suspension}</legend>
        <small className="hint">{t.suspensionHint}</small>
        <Field label={t.suspendedReason} id={id("reason")} error={err("suspendedReason")}>
          <input type="text" name="suspendedReason" defaultValue={meeting?.suspendedReason ?? ""} />
        </Field>
        <Field label={t.resumeOn} id={id("resume")} error={err("resumeOn")}>
          <input type="date" name="resumeOn" defaultValue={meeting?.resumeOn ?? ""} />
        </Field>
      </fieldset>
      {shown._form ? (
        <p className="form-error" role="alert">
          {format(t.actionFailed, { message: shown._form })}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={fetcher.state !== "idle"}>
        {t.saveMeeting}
      </button>
    </fetcher.Form>
  );
}
