import { NavLink } from "@remix-run/react";
import { useT } from "../i18n/useT";

/** The administration section's own navigation. */
export function AdminNav() {
  const t = useT();
  return (
    <nav className="admin-nav" aria-label={t.admin}>
      <NavLink to="/admin" end>
        {t.adminHome}
      </NavLink>
      <NavLink to="/admin/organisations">{t.organisations}</NavLink>
      <NavLink to="/admin/accounts">{t.accounts}</NavLink>
      <NavLink to="/admin/minimum-wages">{t.minimumWagesTitle}</NavLink>
    </nav>
  );
}
