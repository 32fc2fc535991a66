import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { count, isNotNull } from "drizzle-orm";
import { organisations, users } from "../../../db/schema";
import { requireAdministration } from "../../adminGuard.server";
import { AdminNav } from "../../components/AdminNav";
import { format } from "../../i18n/catalogue";
import { useT } from "../../i18n/useT";
import setupStyles from "../../styles/setup.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta: MetaFunction = () => [{ title: "系统管理 · 同商" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministration(request, context, "manageAccounts");
  const n = (row: { n: number } | undefined) => row?.n ?? 0;
  return json({
    organisations: n(context.db.select({ n: count() }).from(organisations).get()),
    accounts: n(context.db.select({ n: count() }).from(users).get()),
    disabled: n(context.db.select({ n: count() }).from(users).where(isNotNull(users.disabledAt)).get()),
  });
}

export default function AdminHome() {
  const stats = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t.admin}</h1>
      <AdminNav />
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
