import type { ReactNode } from "react";

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

/** A labelled control with its error line below (labels wrap the control, as on the sign-in page). */
export function Field({ label, errorId, error, hint, children }: { label: string; errorId: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <>
      <label>
        {label}
        {children}
        {hint ? <small className="hint">{hint}</small> : null}
      </label>
      <FieldError id={errorId} message={error} />
    </>
  );
}

/** Field errors keyed by the first path element, as the server's fieldErrors() gives them. */
export function issuesToErrors(issues: { path: (string | number)[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}
