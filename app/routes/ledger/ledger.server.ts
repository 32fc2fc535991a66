import { json, type AppLoadContext } from "@remix-run/node";
import type { ZodType, ZodTypeDef } from "zod";
import { ledgerFor, ledgerOrganisations } from "~/db/queries/ledger";
import type { SessionUser } from "~/server/auth/sessions";
import { inSubtree, ledgerScopeFor, type LedgerScope } from "~/server/policies/ledger";
import { presentLedger } from "~/server/presenters/ledger";
import { flattenTree } from "~/shared/orgTree";
import { queryObject } from "~/shared/schemas/ledger";
import { issueText } from "~/shared/schemas/issueText";
import { fieldErrorText, refusalText } from "~/shared/i18n/refusals";
import { requireUser } from "../../guards.server";
import { langOf } from "../../i18n/lang.server";

export interface LedgerAccess<Q> {
  user: SessionUser;
  scope: LedgerScope;
  organisations: Awaited<ReturnType<typeof ledgerOrganisations>>;
  organisationName: string;
  query: Q;
}

/**
 * The ledger's guard for the page, the API and the downloads (docs/SPEC.md L-1, L-5): signed out
 * 401 (the page redirects to sign-in), no ledger 403, then a bad filter or date 400 naming the
 * field, and an `org` outside the scope 403 — decided by server/policies/ledger.ts.
 */
export async function requireLedger<Q extends { org?: string }>(request: Request, context: AppLoadContext, schema: ZodType<Q, ZodTypeDef, unknown>, kind: "page" | "api" = "api"): Promise<LedgerAccess<Q>> {
  const user = await requireUser(request, context, kind);
  const organisations = await ledgerOrganisations(context.driver.db);
  // Whether the user has a ledger at all is decided before the query is read: no hints to outsiders.
  const holder = ledgerScopeFor(user, organisations);
  if (!holder.ok) throw json({ error: holder.code, message: refusalText(langOf(request), holder.text) }, { status: holder.status });
  const { values, repeated } = queryObject(new URL(request.url));
  const lang = langOf(request);
  if (repeated) throw badRequest({ [repeated]: fieldErrorText(lang, { key: "request.repeatedParameter" }) });
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.code === "unrecognized_keys" ? issue.keys.join(",") : issue.path.join(".") || "_query";
      const text = issue.code === "unrecognized_keys" ? { key: "request.unknownParameter" as const, params: { names: issue.keys.join("、") } } : issueText(issue);
      fields[key] ??= fieldErrorText(lang, text);
    }
    throw badRequest(fields);
  }
  const verdict = ledgerScopeFor(user, organisations, parsed.data.org);
  if (!verdict.ok) throw json({ error: verdict.code, message: refusalText(langOf(request), verdict.text) }, { status: verdict.status });
  const organisationName = organisations.find((o) => o.id === verdict.scope.organisationId)?.name ?? "";
  return { user, scope: verdict.scope, organisations, organisationName, query: parsed.data };
}

function badRequest(fields: Record<string, string>) {
  const first = Object.entries(fields)[0];
  return json({ error: "invalid_query", message: `${first[0]}:${first[1]}`, fields }, { status: 400 });
}

/** The ledger page's rows (the presenter's whitelist) and the sub-organisations its `org` filter offers (L-2, L-10). */
export async function ledgerPage(context: AppLoadContext, access: Pick<LedgerAccess<Parameters<typeof ledgerFor>[3]>, "user" | "scope" | "query" | "organisations">) {
  const { user, scope, query, organisations } = access;
  const ledger = presentLedger(await ledgerFor(context.driver.db, scope, user.id, query));
  const own = user.organisationId!;
  const subOrganisations = flattenTree(organisations.filter((o) => inSubtree(organisations, own, o.id))).map((r) => ({ id: r.node.id, name: r.node.name, depth: r.depth }));
  return { ledger, subOrganisations };
}
