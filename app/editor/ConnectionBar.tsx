import { format } from "../i18n/catalogue";
import { useT } from "../i18n/useT";
import type { CollabSession } from "./useCollab";

/** Connection state, always visible: connected / reconnecting / offline, with unsent changes. */
export function ConnectionBar({ session }: { session: CollabSession | null }) {
  const t = useT();
  const status = !session ? "connecting" : !session.online ? "offline" : session.status;
  const text = status === "connected" ? t.connected : status === "offline" ? t.offline : status === "reconnecting" ? t.reconnecting : t.connecting;
  return (
    <div className="connection card" role="status" aria-live="polite" data-testid="connection" data-status={status} data-synced={session?.synced ? "yes" : "no"}>
      <span className={`dot ${status}`} aria-hidden="true" />
      <span>{text}</span>
      {session && session.unsent > 0 ? <span>· {format(t.unsentChanges, { count: session.unsent })}</span> : session?.synced ? <span>· {t.allSaved}</span> : null}
    </div>
  );
}
