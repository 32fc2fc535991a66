/**
 * Who sees which negotiations in the ledger (台账, docs/SPEC.md L-1, L-2). The one place that
 * decides it: the routes ask `ledgerScopeFor`, db/queries/ledger.ts turns the answer into one SQL
 * predicate, and `ledgerShows` states the same rule for one row (tests check the two agree).
 *
 * - A union member: negotiations whose bargaining union, or higher-level union (上代下 / 上参下),
 *   lies in the subtree of their organisation.
 * - An enterprise member: those whose enterprise side lies in their enterprise's subtree (a
 *   platform's HQ sees its contractors' and cities' agreements).
 * - The labour administration: those it observes (a member of its subtree seated as observer) or
 *   that were filed with it.
 * Anyone else (no organisation, a workers' assembly, the system administrator) has no ledger.
 * Seeing a row is not taking part: the workspace still asks server/policies/negotiation.ts.
 */
import type { RefusalText } from "~/shared/i18n/refusals";
import { isAncestor, type OrgNode } from "~/shared/rules/delegation";
import type { LedgerLink, LedgerScope, LedgerScopeKind } from "~/shared/ledger/types";

export type { LedgerLink, LedgerScope };

export interface LedgerUser {
  isAdmin: boolean;
  organisationId: string | null;
}

export interface LedgerOrganisation {
  id: string;
  kind: "union" | "enterprise" | "assembly" | "authority";
  parentId: string | null;
}


export type LedgerScopeVerdict =
  | { ok: true; scope: LedgerScope }
  | { ok: false; status: 403; code: "no_ledger" | "outside_scope"; text: RefusalText };

const LINKS: Record<LedgerScopeKind, readonly LedgerLink[]> = {
  union: ["union", "higherUnion"],
  enterprise: ["enterprise"],
  authority: ["observer", "filedWith"],
};

/** The subtree test over the organisation tree (an organisation is in its own subtree). */
export function inSubtree(organisations: readonly LedgerOrganisation[], rootId: string, id: string | null): boolean {
  if (id === null) return false;
  if (id === rootId) return true;
  return isAncestor(organisations as readonly OrgNode[], rootId, id);
}

/**
 * The ledger scope of `user`, narrowed to `org` when given. `organisations` is the whole tree
 * (a few hundred rows at most; read once per request).
 */
export function ledgerScopeFor(user: LedgerUser, organisations: readonly LedgerOrganisation[], org?: string): LedgerScopeVerdict {
  const own = user.organisationId ? organisations.find((o) => o.id === user.organisationId) : undefined;
  if (user.isAdmin || !own || own.kind === "assembly") {
    return { ok: false, status: 403, code: "no_ledger", text: { key: "ledger.noLedger" } };
  }
  const kind: LedgerScopeKind = own.kind;
  if (org === undefined || org === own.id) return { ok: true, scope: { kind, organisationId: own.id, links: LINKS[kind] } };
  if (!organisations.some((o) => o.id === org) || !inSubtree(organisations, own.id, org)) {
    return { ok: false, status: 403, code: "outside_scope", text: { key: "ledger.outsideScope" } };
  }
  return { ok: true, scope: { kind, organisationId: org, links: LINKS[kind] } };
}

/** The organisations of one negotiation the links look at. */
export interface LedgerRowFacts {
  unionOrgId: string;
  higherUnionOrgId: string | null;
  enterpriseOrgId: string;
  filedWithOrgId: string | null;
  /** Organisations of the accounts seated as observers. */
  observerOrgIds: readonly (string | null)[];
}

/** The rule for one row, as db/queries/ledger.ts applies it to all rows at once. */
export function ledgerShows(scope: LedgerScope, organisations: readonly LedgerOrganisation[], row: LedgerRowFacts): boolean {
  const inside = (id: string | null) => inSubtree(organisations, scope.organisationId, id);
  return scope.links.some((link) => {
    switch (link) {
      case "union":
        return inside(row.unionOrgId);
      case "higherUnion":
        return inside(row.higherUnionOrgId);
      case "enterprise":
        return inside(row.enterpriseOrgId);
      case "filedWith":
        return inside(row.filedWithOrgId);
      case "observer":
        return row.observerOrgIds.some(inside);
    }
  });
}

/** Whether the app's navigation offers the ledger: the same rule as `ledgerScopeFor`, without a subtree. */
export function hasLedger(user: LedgerUser, organisationKind: string | null): boolean {
  return !user.isAdmin && (organisationKind === "union" || organisationKind === "enterprise" || organisationKind === "authority");
}
