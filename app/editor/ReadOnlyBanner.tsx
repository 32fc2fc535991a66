import { ROLE_LABELS, type Role } from "~/shared/roles";
import { format } from "../i18n/catalogue";
import { useLabel, useT } from "../i18n/useT";

/**
 * Why this draft cannot be edited, above it: the negotiation is locked, or the reader's role (or
 * the collaboration server, which refused the edit) does not allow it. Nothing when it can be.
 */
export function ReadOnlyBanner({ reason, denied, role }: { reason: string | null; denied: boolean; role: Role }) {
  const t = useT();
  const label = useLabel();
  if (!reason && !denied) return null;
  return (
    <p className="notice read-only-banner" role="status" data-testid="read-only-banner">
      {reason === "locked" ? t.readOnlyLocked : format(t.readOnlyRole, { role: label(ROLE_LABELS[role]) })}
    </p>
  );
}
