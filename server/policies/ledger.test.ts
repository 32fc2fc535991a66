import { describe, expect, it } from "vitest";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { hasLedger, ledgerScopeFor, ledgerShows, type LedgerOrganisation } from "./ledger";
import { can } from "./negotiation";

const TREE: LedgerOrganisation[] = [
  { id: "region", kind: "union", parentId: null },
  { id: "city", kind: "union", parentId: "region" },
  { id: "sector", kind: "union", parentId: "city" },
  { id: "other-city", kind: "union", parentId: "region" },
  { id: "platform", kind: "enterprise", parentId: null },
  { id: "contractor", kind: "enterprise", parentId: "platform" },
  { id: "hrss", kind: "authority", parentId: null },
  { id: "assembly", kind: "assembly", parentId: "platform" },
];

const row = (over: Partial<Parameters<typeof ledgerShows>[2]> = {}) => ({ unionOrgId: "sector", higherUnionOrgId: null, enterpriseOrgId: "contractor", filedWithOrgId: null, observerOrgIds: [], ...over });

describe("ledger scope (SPEC L-1, L-2)", () => {
  it("L-1: a union sees its subtree by the bargaining or the higher-level union", () => {
    const city = ledgerScopeFor({ isAdmin: false, organisationId: "city" }, TREE);
    expect(city.ok && city.scope).toMatchObject({ kind: "union", organisationId: "city" });
    if (!city.ok) return;
    expect(ledgerShows(city.scope, TREE, row())).toBe(true);
    expect(ledgerShows(city.scope, TREE, row({ unionOrgId: "other-city" }))).toBe(false);
    expect(ledgerShows(city.scope, TREE, row({ unionOrgId: "other-city", higherUnionOrgId: "city" }))).toBe(true);
    const sector = ledgerScopeFor({ isAdmin: false, organisationId: "sector" }, TREE);
    expect(sector.ok && ledgerShows(sector.scope, TREE, row({ unionOrgId: "other-city", higherUnionOrgId: "city" }))).toBe(false);
  });

  it("L-1: an enterprise sees its own and its contractors' negotiations; the authority what it observes or had filed with it", () => {
    const platform = ledgerScopeFor({ isAdmin: false, organisationId: "platform" }, TREE);
    expect(platform.ok && ledgerShows(platform.scope, TREE, row())).toBe(true);
    const contractor = ledgerScopeFor({ isAdmin: false, organisationId: "contractor" }, TREE);
    expect(contractor.ok && ledgerShows(contractor.scope, TREE, row({ enterpriseOrgId: "platform" }))).toBe(false);
    const hrss = ledgerScopeFor({ isAdmin: false, organisationId: "hrss" }, TREE);
    expect(hrss.ok && hrss.scope.kind).toBe("authority");
    if (!hrss.ok) return;
    expect(ledgerShows(hrss.scope, TREE, row())).toBe(false);
    expect(ledgerShows(hrss.scope, TREE, row({ observerOrgIds: [null, "hrss"] }))).toBe(true);
    expect(ledgerShows(hrss.scope, TREE, row({ filedWithOrgId: "hrss" }))).toBe(true);
  });

  it("L-1: no organisation, a workers' assembly or the administrator has no ledger (403)", () => {
    expect(ledgerScopeFor({ isAdmin: false, organisationId: null }, TREE)).toMatchObject({ ok: false, status: 403, code: "no_ledger" });
    expect(ledgerScopeFor({ isAdmin: false, organisationId: "assembly" }, TREE)).toMatchObject({ ok: false, code: "no_ledger" });
    expect(ledgerScopeFor({ isAdmin: true, organisationId: "region" }, TREE)).toMatchObject({ ok: false, code: "no_ledger" });
    expect(hasLedger({ isAdmin: false, organisationId: "x" }, "union")).toBe(true);
    expect(hasLedger({ isAdmin: false, organisationId: "x" }, "assembly")).toBe(false);
    expect(hasLedger({ isAdmin: true, organisationId: null }, null)).toBe(false);
  });

  it("L-2: org narrows to a sub-organisation inside the scope; outside it, above it or unknown is 403", () => {
    expect(ledgerScopeFor({ isAdmin: false, organisationId: "region" }, TREE, "sector")).toMatchObject({ ok: true, scope: { organisationId: "sector" } });
    for (const org of ["other-city", "region", "platform", "nowhere"]) {
      expect(ledgerScopeFor({ isAdmin: false, organisationId: "city" }, TREE, org)).toMatchObject({ ok: false, status: 403, code: "outside_scope" });
    }
  });

  it("L-6: the chiefs and the higher-level union keep the coverage; nobody else", () => {
    // On a signed agreement too: coverage changes over its term.
    for (const facts of [policyFacts(), policyFacts({ lockedAt: SIGNED_AT })]) {
      expect(can({ side: "union", role: "chief" }, "updateCoverage", facts)).toBe(true);
      expect(can({ side: "union", role: "higher_union" }, "updateCoverage", facts)).toBe(true);
      for (const role of ["representative", "legal_adviser"] as const) expect(can({ side: "union", role }, "updateCoverage", facts)).toBe(false);
      expect(can({ side: "observer", role: "observer" }, "updateCoverage", facts)).toBe(false);
      expect(can(null, "updateCoverage", facts)).toBe(false);
    }
  });
});
