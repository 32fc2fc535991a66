import { useFetcher } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { SIDE_LABELS } from "~/shared/roles";
import { formObject, MEETING_ARRAY_FIELDS, meetingSchema } from "~/shared/schemas/talk";
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
  const attendeeOptions = page.attendeeChoices.map((p) => ({
    value: p.userId,
    label: (
      <>
        {label(SIDE_LABELS[p.side])} · {p.name}
      </>
    ),
  }));
  const clauseOptions = page.clauses.map((c) => ({
    value: c.id,
    label: (
      <>
        {c.label} {c.title}
      </>
    ),
  }));

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
      <CheckboxGroup legend={t.attendees} name="attendees" options={attendeeOptions} checked={attendees} errorId={id("attendees-error")} error={err("attendees")} />
      <CheckboxGroup legend={t.agenda} name="agenda" className="clauses" options={clauseOptions} checked={agenda} errorId={id("agenda-error")} error={err("agenda")} />
      <Field label={t.minutes} id={id("minutes")} error={err("minutes")}>
        <textarea name="minutes" rows={6} defaultValue={meeting?.minutes ?? ""} />
      </Field>
      <CheckboxGroup
        key={heldOn}
        legend={t.outcomes}
        hint={suggested.length ? <small className="hint">{t.outcomesSuggested}</small> : null}
        name="outcomes"
        className="clauses"
        options={clauseOptions}
        checked={outcomesChecked}
        testId={(clauseId) => `${prefix}-outcome-${clauseId}`}
        errorId={id("outcomes-error")}
        error={err("outcomes")}
      />
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

/** Several of a list to tick (who attended, what was on the agenda, what was settled), with the list's own error under it. */
function CheckboxGroup(props: {
  legend: string;
  hint?: ReactNode;
  name: string;
  className?: string;
  options: { value: string; label: ReactNode }[];
  checked: ReadonlySet<string>;
  testId?: (value: string) => string;
  errorId: string;
  error: string | undefined;
}) {
  const { legend, hint, name, className, options, checked, testId, errorId, error } = props;
  return (
    <fieldset className={className ? `checkbox-grid ${className}` : "checkbox-grid"}>
      <legend>{legend}</legend>
      {hint}
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked.has(o.value)} data-testid={testId?.(o.value)} />
          {o.label}
        </label>
      ))}
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}
