import { format } from "../i18n/catalogue";
import { useLang, useT } from "../i18n/useT";
import type { CollabSession } from "./useCollab";

/** "code: 中文 (English)" from the server, in the page's language. */
function reasonText(reason: string, lang: "zh" | "en"): string {
  const match = /^[a-z-]+: (.*) \((.*)\)$/.exec(reason);
  return match ? (lang === "zh" ? match[1] : match[2]) : reason;
}

/** Connection state, always visible: connected / reconnecting / offline, with unsent changes, and any refused change. */
export function ConnectionBar({ session }: { session: CollabSession | null }) {
  const t = useT();
  const lang = useLang();
  const status = !session ? "connecting" : !session.online ? "offline" : session.status;
  const text = status === "connected" ? t.connected : status === "offline" ? t.offline : status === "reconnecting" ? t.reconnecting : t.connecting;
  return (
    <>
      <div className="connection card" role="status" aria-live="polite" data-testid="connection" data-status={status} data-synced={session?.synced ? "yes" : "no"}>
        <span className={`dot ${status}`} aria-hidden="true" />
        <span>{text}</span>
        {session && session.unsent > 0 ? <span>· {format(t.unsentChanges, { count: session.unsent })}</span> : session?.synced ? <span>· {t.allSaved}</span> : null}
      </div>
      {session?.refusal ? (
        <p className="notice error" role="alert" data-testid="update-refused">
          {format(t.updateRefused, { reason: reasonText(session.refusal, lang) })}
        </p>
      ) : null}
    </>
  );
}
