import { type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminHeader } from "../../components/AdminNav";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { loadAdministrationOverview } from "./overview.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageAdmin");

export const loader = (args: LoaderFunctionArgs) => loadAdministrationOverview(args);

export default function AdminHome() {
  const stats = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <AdminHeader title={t.admin} />
      <section className="card" aria-labelledby="orgs-title">
        <h2 id="orgs-title">
          <Link to="/admin/organisations">{t.organisations}</Link>
        </h2>
        <p>{format(t.adminOrganisationsSummary, { count: stats.organisations })}</p>
      </section>
      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title">
          <Link to="/admin/accounts">{t.accounts}</Link>
        </h2>
        <p>{format(t.adminAccountsSummary, { count: stats.accounts, disabled: stats.disabled })}</p>
      </section>
    </div>
  );
}
