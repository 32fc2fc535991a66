import { describe, expect, it } from "vitest";
import { canAdminister } from "./admin";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { can } from "./negotiation";

const open = policyFacts();
const locked = policyFacts({ lockedAt: SIGNED_AT });

describe("evidence policy (EV-9, EV-2)", () => {
  it.each([
    [{ side: "union", role: "chief" }, true],
    [{ side: "enterprise", role: "chief" }, true],
    [{ side: "union", role: "representative" }, false],
    [{ side: "union", role: "legal_adviser" }, false],
    [{ side: "union", role: "higher_union" }, false],
    [{ side: "observer", role: "observer" }, false],
  ] as const)("EV-9 %j may set the minimum-wage area: %s (never once signed)", (membership, allowed) => {
    expect(can(membership, "setWageArea", open)).toBe(allowed);
    expect(can(membership, "setWageArea", locked)).toBe(false);
  });

  it("EV-9 a non-participant may not set it", () => {
    expect(can(null, "setWageArea", open)).toBe(false);
  });

  it("EV-2 only an administrator enters a minimum-wage round", () => {
    expect(canAdminister({ id: "a", isAdmin: true }, "manageMinimumWages")).toBe(true);
    expect(canAdminister({ id: "u", isAdmin: false }, "manageMinimumWages")).toBe(false);
    expect(canAdminister(null, "manageMinimumWages")).toBe(false);
  });
});
