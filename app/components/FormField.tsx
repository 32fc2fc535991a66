import { cloneElement, type ReactElement, type ReactNode } from "react";
import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";

/** The field-error line under a control; the control points at it with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={id} className="field-error">
      {message}
    </span>
  );
}

/** Props that tie a control to its error line: aria-invalid and aria-describedby. */
export function errorProps(id: string, message: string | undefined) {
  return message ? { "aria-invalid": true as const, "aria-describedby": id } : { "aria-invalid": false as const };
}

/**
 * The labelled field: the label wraps the control (as on the sign-in page), the error line follows,
 * and the control is given aria-invalid/aria-describedby pointing at it. `id` names the error line
 * (`<id>-error`); `error` is the field's message from the browser's check or the server's answer.
 */
export function Field({ label, id, error, hint, children }: { label: ReactNode; id: string; error?: string; hint?: ReactNode; children: ReactElement }) {
  const errorId = `${id}-error`;
  return (
    <>
      <label>
        {label}
        {cloneElement(children, errorProps(errorId, error))}
        {hint ? <small className="hint">{hint}</small> : null}
      </label>
      <FieldError id={errorId} message={error} />
    </>
  );
}

/** The form-wide message (errors under `_form`) at the top of a form. */
export function FormAlert({ message }: { message?: string }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** The line beside a one-button form (resolve, confirm, delete) whose action was refused. */
export function ActionFailed({ message }: { message?: string | null }) {
  const t = useT();
  return message ? (
    <span className="form-error" role="alert">
      {format(t.actionFailed, { message })}
    </span>
  ) : null;
}
