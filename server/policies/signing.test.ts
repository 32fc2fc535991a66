import { describe, expect, it } from "vitest";
import type { Mode, Role, Side } from "~/shared/roles";
import type { OrgNode } from "~/shared/rules/delegation";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { can } from "./negotiation";
import {
  missingSignatures,
  signingAuthority,
  type RecordedDelegation,
  type Signer,
  type SigningFacts,
} from "./signing";
import { refusalText } from "~/shared/i18n/refusals";

/** The demo hierarchy: 自治区 → 市总 → 区总 → 行业工会联合会 (bargaining) → 站点工会. */
const tree: OrgNode[] = [
  { id: "region", parentId: null, kind: "union" },
  { id: "city", parentId: "region", kind: "union" },
  { id: "district", parentId: "city", kind: "union" },
  { id: "sector", parentId: "district", kind: "union" },
  { id: "station", parentId: "sector", kind: "union" },
  { id: "platform", parentId: null, kind: "enterprise" },
];

type DelegationState = "valid" | "expired" | "revoked" | "out_of_scope" | "wrong_direction";
const STATES: DelegationState[] = ["valid", "expired", "revoked", "out_of_scope", "wrong_direction"];
const TODAY = "2026-11-24";

/** The delegation recorded for the higher-level union's signatory, in each state. */
function delegationIn(state: DelegationState, kind: "represent" | "participate"): RecordedDelegation {
  const base: RecordedDelegation = { id: "d1", letterNo: "QC-2026-001", kind, fromOrgId: "sector", toOrgId: "city", negotiationId: "n1", validFrom: "2026-11-01", validTo: "2027-12-31" };
  switch (state) {
    case "valid":
      return base;
    case "expired":
      return { ...base, validFrom: "2025-01-01", validTo: "2026-10-31" };
    case "revoked":
      return { ...base, revokedAt: "2026-11-20" };
    case "out_of_scope":
      return { ...base, negotiationId: "another-negotiation" };
    case "wrong_direction":
      // Downward: the bargaining union "delegates" to its own grassroots union.
      return { ...base, toOrgId: "station" };
  }
}

const SIGNERS: Record<string, { side: Side; role: Role; org: string | null }> = {
  "union chief": { side: "union", role: "chief", org: "sector" },
  "union representative": { side: "union", role: "representative", org: "station" },
  "legal adviser": { side: "union", role: "legal_adviser", org: "sector" },
  "higher-level union": { side: "union", role: "higher_union", org: "city" },
  "enterprise chief": { side: "enterprise", role: "chief", org: "platform" },
  "enterprise representative": { side: "enterprise", role: "representative", org: "platform" },
  observer: { side: "observer", role: "observer", org: null },
};

function facts(mode: Mode, delegations: RecordedDelegation[], overrides: Partial<SigningFacts> = {}): SigningFacts {
  return { mode, negotiationId: "n1", unionOrgId: "sector", locked: false, signedSlots: [], delegations, tree, today: TODAY, ...overrides };
}

function outcome(mode: Mode, signerName: string, state: DelegationState): string {
  const s = SIGNERS[signerName];
  const delegation = delegationIn(state, mode === "participate" ? "participate" : "represent");
  // In the wrong-direction case the signatory belongs to the organisation the delegation names.
  const signer: Signer = { side: s.side, role: s.role, organisationId: s.role === "higher_union" ? delegation.toOrgId : s.org };
  const result = signingAuthority(signer, facts(mode, [delegation]));
  return result.ok ? `ok:${result.slot}` : result.code;
}

/** S-5: the authority table — each mode × each signer × each state of the delegation. */
const EXPECTED: Record<Mode, Record<string, Record<DelegationState, string> | string>> = {
  standard: {
    "union chief": "ok:union_chief",
    "enterprise chief": "ok:enterprise_chief",
    "higher-level union": "not_signatory",
    "union representative": "not_signatory",
    "legal adviser": "not_signatory",
    "enterprise representative": "not_signatory",
    observer: "not_signatory",
  },
  represent: {
    "union chief": "not_signatory",
    "enterprise chief": "ok:enterprise_chief",
    "higher-level union": { valid: "ok:union_delegate", expired: "expired", revoked: "revoked", out_of_scope: "out_of_scope", wrong_direction: "wrong_direction" },
    "union representative": "not_signatory",
    "legal adviser": "not_signatory",
    "enterprise representative": "not_signatory",
    observer: "not_signatory",
  },
  participate: {
    "union chief": "ok:union_chief",
    "enterprise chief": "ok:enterprise_chief",
    "higher-level union": { valid: "ok:participant", expired: "expired", revoked: "revoked", out_of_scope: "out_of_scope", wrong_direction: "wrong_direction" },
    "union representative": "not_signatory",
    "legal adviser": "not_signatory",
    "enterprise representative": "not_signatory",
    observer: "not_signatory",
  },
};

describe("S-5 signing authority table: mode × signer × delegation", () => {
  for (const mode of ["standard", "represent", "participate"] as const) {
    for (const signerName of Object.keys(SIGNERS)) {
      for (const state of STATES) {
        const row = EXPECTED[mode][signerName];
        const expected = typeof row === "string" ? row : row[state];
        it(`${mode} · ${signerName} · delegation ${state} → ${expected}`, () => {
          expect(outcome(mode, signerName, state)).toBe(expected);
        });
      }
    }
  }
});

describe("S-5 signing authority: the other refusals", () => {
  const delegate: Signer = { side: "union", role: "higher_union", organisationId: "city" };
  const valid = delegationIn("valid", "represent");

  it("refuses everyone on a locked agreement", () => {
    expect(signingAuthority({ side: "enterprise", role: "chief", organisationId: "platform" }, facts("represent", [valid], { locked: true }))).toMatchObject({ ok: false, code: "locked" });
  });

  it("refuses a second signature in the same slot", () => {
    expect(signingAuthority(delegate, facts("represent", [valid], { signedSlots: ["union_delegate"] }))).toMatchObject({ ok: false, code: "already_signed" });
  });

  it("refuses a delegate without any delegation of the mode's kind to their union", () => {
    expect(signingAuthority(delegate, facts("represent", [delegationIn("valid", "participate")]))).toMatchObject({ ok: false, code: "no_delegation" });
    expect(signingAuthority({ ...delegate, organisationId: "region" }, facts("represent", [valid]))).toMatchObject({ ok: false, code: "no_delegation" });
    expect(signingAuthority({ ...delegate, organisationId: null }, facts("represent", [valid]))).toMatchObject({ ok: false, code: "no_organisation" });
  });

  it("takes the usable delegation when an older one has expired, and names the letter in the refusal", () => {
    const expired = { ...delegationIn("expired", "represent"), id: "d0", letterNo: "QC-2025-009" };
    const result = signingAuthority(delegate, facts("represent", [expired, valid]));
    expect(result).toMatchObject({ ok: true, slot: "union_delegate", delegation: { id: "d1" } });
    const refused = signingAuthority(delegate, facts("represent", [expired]));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refusalText("zh", refused.text)).toContain("QC-2025-009");
  });

  it("judges validity on the day of signing: a delegation not yet valid is refused", () => {
    expect(signingAuthority(delegate, facts("represent", [valid], { today: "2026-10-31" }))).toMatchObject({ ok: false, code: "not_yet_valid" });
    expect(signingAuthority(delegate, facts("represent", [valid], { today: "2027-12-31" }))).toMatchObject({ ok: true });
  });
});

describe("S-4 required signatures", () => {
  it("lists what is missing per mode", () => {
    expect(missingSignatures("standard", [])).toEqual(["union_chief", "enterprise_chief"]);
    expect(missingSignatures("represent", ["enterprise_chief"])).toEqual(["union_delegate"]);
    expect(missingSignatures("represent", ["enterprise_chief", "union_delegate"])).toEqual([]);
    expect(missingSignatures("participate", ["union_chief", "enterprise_chief"])).toEqual(["participant"]);
  });
});

describe("S-1, S-2, S-7 who records delegations, ratification, filing and review", () => {
  const seat = (side: Side, role: Role) => ({ side, role });
  const open = policyFacts();
  const signed = policyFacts({ lockedAt: SIGNED_AT });
  it("delegations and ratification: chiefs and the higher-level union, never when locked", () => {
    expect(can(seat("union", "chief"), "manageDelegations", open)).toBe(true);
    expect(can(seat("enterprise", "chief"), "manageDelegations", open)).toBe(true);
    expect(can(seat("union", "higher_union"), "manageDelegations", open)).toBe(true);
    expect(can(seat("union", "representative"), "manageDelegations", open)).toBe(false);
    expect(can(seat("union", "legal_adviser"), "manageDelegations", open)).toBe(false);
    expect(can(seat("observer", "observer"), "manageDelegations", open)).toBe(false);
    expect(can(null, "manageDelegations", open)).toBe(false);
    expect(can(seat("union", "chief"), "manageDelegations", signed)).toBe(false);
    expect(can(seat("union", "chief"), "recordRatification", open)).toBe(true);
    expect(can(seat("enterprise", "representative"), "recordRatification", open)).toBe(false);
    expect(can(seat("union", "higher_union"), "recordRatification", signed)).toBe(false);
  });

  it("filing by the enterprise chief, review by chiefs or the higher-level union, only once signed", () => {
    expect(can(seat("enterprise", "chief"), "recordFiling", signed)).toBe(true);
    expect(can(seat("enterprise", "chief"), "recordFiling", open)).toBe(false);
    expect(can(seat("union", "chief"), "recordFiling", signed)).toBe(false);
    expect(can(seat("union", "chief"), "recordReview", signed)).toBe(true);
    expect(can(seat("union", "higher_union"), "recordReview", signed)).toBe(true);
    expect(can(seat("enterprise", "representative"), "recordReview", signed)).toBe(false);
    expect(can(seat("union", "chief"), "recordReview", open)).toBe(false);
  });
});
