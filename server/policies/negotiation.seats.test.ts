import { describe, expect, it } from "vitest";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { can, seatsManagedBy } from "./negotiation";

const open = policyFacts();
const locked = policyFacts({ lockedAt: SIGNED_AT });

describe("who manages which seats", () => {
  it("a chief manages their own side and observers", () => {
    expect(seatsManagedBy({ side: "union", role: "chief" }, open)).toEqual(["union", "observer"]);
    expect(seatsManagedBy({ side: "enterprise", role: "chief" }, open)).toEqual(["enterprise", "observer"]);
    expect(can({ side: "union", role: "chief" }, "manageSeat", open, { side: "enterprise" })).toBe(false);
  });
  it("the higher-level union manages the union side", () => {
    expect(seatsManagedBy({ side: "union", role: "higher_union" }, open)).toEqual(["union", "observer"]);
  });
  it("representatives, advisers and observers manage nothing, and nobody once the agreement is signed", () => {
    expect(seatsManagedBy({ side: "enterprise", role: "representative" }, open)).toEqual([]);
    expect(seatsManagedBy({ side: "union", role: "legal_adviser" }, open)).toEqual([]);
    expect(seatsManagedBy({ side: "observer", role: "observer" }, open)).toEqual([]);
    expect(seatsManagedBy({ side: "union", role: "chief" }, locked)).toEqual([]);
    expect(seatsManagedBy(null, open)).toEqual([]);
  });
  it("manageParticipants follows invite", () => {
    expect(can({ side: "union", role: "chief" }, "manageParticipants", open)).toBe(true);
    expect(can({ side: "enterprise", role: "representative" }, "manageParticipants", open)).toBe(false);
    expect(can({ side: "union", role: "chief" }, "manageParticipants", locked)).toBe(false);
  });
});
