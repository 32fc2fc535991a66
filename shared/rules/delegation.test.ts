import { describe, expect, it } from "vitest";
import { delegationUsable, isAncestor, type Delegation, type DelegationContext, type OrgNode } from "./delegation";
import { refusalText } from "../i18n/refusals";

/** The demo hierarchy of docs/domain.md, plus an enterprise, a workers' assembly and an unrelated branch. */
const tree: OrgNode[] = [
  { id: "region", parentId: null, kind: "union" }, // 自治区总工会
  { id: "city", parentId: "region", kind: "union" }, // 市总工会
  { id: "district", parentId: "city", kind: "union" }, // 区总工会
  { id: "sector", parentId: "district", kind: "union" }, // 行业工会联合会
  { id: "station", parentId: "sector", kind: "union" }, // 站点工会
  { id: "platform", parentId: "district", kind: "enterprise" },
  { id: "riders", parentId: "platform", kind: "assembly" }, // covered workers' assembly
  { id: "other-city", parentId: "region", kind: "union" },
];

const delegation = (overrides: Partial<Delegation> = {}): Delegation => ({
  kind: "represent",
  fromOrgId: "sector",
  toOrgId: "city",
  negotiationId: "n1",
  validFrom: "2026-01-01",
  validTo: "2027-12-31",
  ...overrides,
});
const context = (overrides: Partial<DelegationContext> = {}): DelegationContext => ({ tree, negotiationId: "n1", on: "2026-06-01", ...overrides });
const code = (d: Delegation, c: DelegationContext = context()) => {
  const result = delegationUsable(d, c);
  return result.ok ? "ok" : result.code;
};

describe("isAncestor", () => {
  it("follows parents upward, strictly", () => {
    expect(isAncestor(tree, "region", "station")).toBe(true);
    expect(isAncestor(tree, "sector", "station")).toBe(true);
    expect(isAncestor(tree, "station", "sector")).toBe(false);
    expect(isAncestor(tree, "station", "station")).toBe(false);
    expect(isAncestor(tree, "other-city", "station")).toBe(false);
    expect(isAncestor(tree, "region", "nowhere")).toBe(false);
  });

  it("accepts a map and survives a cycle in bad data", () => {
    const cyclic: OrgNode[] = [
      { id: "a", parentId: "b", kind: "union" },
      { id: "b", parentId: "a", kind: "union" },
    ];
    expect(isAncestor(new Map(cyclic.map((n) => [n.id, n])), "b", "a")).toBe(true);
    expect(isAncestor(cyclic, "z", "a")).toBe(false);
  });
});

describe("delegationUsable: 上代下 (represent)", () => {
  it("accepts the demo delegation: the sector federation to the city federation", () => {
    expect(delegationUsable(delegation(), context({ bargainingUnionId: "sector" }))).toEqual({ ok: true });
  });

  it("is valid on its first and last day, not the day before or after", () => {
    expect(code(delegation(), context({ on: "2026-01-01" }))).toBe("ok");
    expect(code(delegation(), context({ on: "2027-12-31" }))).toBe("ok");
    expect(code(delegation(), context({ on: "2025-12-31" }))).toBe("not_yet_valid");
    expect(code(delegation(), context({ on: "2028-01-01" }))).toBe("expired");
    expect(code(delegation({ validFrom: "2027-01-01", validTo: "2026-01-01" }))).toBe("invalid_period");
  });

  it("stops on the day of revocation, not before", () => {
    expect(code(delegation({ revokedAt: "2026-06-02T09:00:00+08:00" }))).toBe("ok");
    expect(code(delegation({ revokedAt: "2026-06-01" }))).toBe("revoked");
    expect(code(delegation({ revokedAt: "2026-03-01T12:00:00Z" }))).toBe("revoked");
    expect(code(delegation({ revokedAt: null }))).toBe("ok");
  });

  it("is bound to its negotiation and to the bargaining union", () => {
    expect(code(delegation({ negotiationId: "n2" }))).toBe("out_of_scope");
    expect(code(delegation(), context({ bargainingUnionId: "station" }))).toBe("out_of_scope");
  });

  it("goes upward only, to a union", () => {
    expect(code(delegation({ fromOrgId: "city", toOrgId: "sector" }))).toBe("wrong_direction");
    expect(code(delegation({ fromOrgId: "sector", toOrgId: "sector" }))).toBe("wrong_direction");
    expect(code(delegation({ fromOrgId: "station", toOrgId: "other-city" }))).toBe("wrong_direction");
    expect(code(delegation({ fromOrgId: "station", toOrgId: "region" }))).toBe("ok");
    expect(code(delegation({ fromOrgId: "riders", toOrgId: "platform" }))).toBe("delegate_not_union");
    expect(code(delegation({ fromOrgId: "platform", toOrgId: "district" }))).toBe("invalid_delegator");
    expect(code(delegation({ toOrgId: "ghost" }))).toBe("unknown_org");
  });

  it("lets the workers' assembly delegate to a union above its parent", () => {
    expect(code(delegation({ fromOrgId: "riders", toOrgId: "district" }))).toBe("ok");
    expect(code(delegation({ fromOrgId: "riders", toOrgId: "region" }))).toBe("ok");
    expect(code(delegation({ fromOrgId: "riders", toOrgId: "sector" }))).toBe("wrong_direction");
  });

  it("gives Chinese and English messages", () => {
    const result = delegationUsable(delegation(), context({ on: "2028-01-01" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(refusalText("zh", result.text)).toContain("2027-12-31");
    expect(refusalText("en", result.text)).toContain("expired");
  });
});

describe("delegationUsable: 上参下 (participate)", () => {
  const participate = (overrides: Partial<Delegation> = {}) => delegation({ kind: "participate", fromOrgId: "station", toOrgId: "district", ...overrides });

  it("accepts a union above the bargaining union", () => {
    expect(code(participate(), context({ bargainingUnionId: "station" }))).toBe("ok");
    expect(code(participate({ toOrgId: "region" }))).toBe("ok");
  });

  it("refuses a participant that is not above the bargaining union", () => {
    expect(code(participate({ toOrgId: "other-city" }))).toBe("wrong_direction");
    expect(code(participate({ toOrgId: "station" }))).toBe("wrong_direction");
    expect(code(participate({ fromOrgId: "city", toOrgId: "sector" }))).toBe("wrong_direction");
  });

  it("requires the inviting party to be the bargaining union, and a union", () => {
    expect(code(participate(), context({ bargainingUnionId: "sector" }))).toBe("out_of_scope");
    expect(code(participate({ fromOrgId: "riders", toOrgId: "district" }))).toBe("invalid_delegator");
  });
});
