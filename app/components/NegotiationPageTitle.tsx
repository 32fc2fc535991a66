import { Link } from "@remix-run/react";
import { useT } from "../i18n/useT";

/**
 * The heading of a page inside one negotiation: "<page> · <negotiation>", and a toolbar with the
 * way back to the workspace and to the pages a reader goes on to from here.
 */
export function NegotiationPageTitle({
  page,
  negotiation,
  navLabel,
  onward,
}: {
  page: string;
  negotiation: { id: string; title: string };
  /** The toolbar's accessible name. */
  navLabel: string;
  /** The neighbouring pages: each one's path below the negotiation's, and its link text. */
  onward: readonly { path: string; label: string }[];
}) {
  const t = useT();
  const base = `/negotiations/${negotiation.id}`;
  return (
    <div className="page-title">
      <h1>
        {page} · {negotiation.title}
      </h1>
      <nav className="toolbar" aria-label={navLabel}>
        <Link to={base}>{t.backToWorkspace}</Link>
        {onward.map((o) => (
          <Link key={o.path} to={`${base}/${o.path}`}>
            {o.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
