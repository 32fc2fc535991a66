import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
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

/** The top of an administration page: its title, the section's navigation, and the note a saved form leaves. */
export function AdminHeader({ title, saved }: { title: string; saved?: ReactNode }) {
  return (
    <>
      <h1>{title}</h1>
      <AdminNav />
      {saved ? (
        <p className="success" role="status">
          {saved}
        </p>
      ) : null}
    </>
  );
}
