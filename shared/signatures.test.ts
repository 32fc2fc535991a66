import { describe, expect, it } from "vitest";
import { SIGNATURE_SLOTS, SLOT_SIDE, slotOfSignOff } from "./signatures";

describe("signature slots (S-4)", () => {
  it("S-4: a stored sign-off reads back as the slot it was stored for, for every slot", () => {
    for (const slot of SIGNATURE_SLOTS) {
      const delegationId = slot === "union_delegate" ? "d1" : null;
      expect(slotOfSignOff({ side: SLOT_SIDE[slot], delegationId })).toBe(slot);
    }
  });

  it("S-4: the union side's signature on a delegation is the delegate's (上代下), without one the chief's", () => {
    expect(slotOfSignOff({ side: "union", delegationId: "d1" })).toBe("union_delegate");
    expect(slotOfSignOff({ side: "union", delegationId: null })).toBe("union_chief");
    expect(slotOfSignOff({ side: "enterprise", delegationId: null })).toBe("enterprise_chief");
  });
});
