import { describe, expect, it } from "vitest";
import { nextChairSide, suggestChairSide } from "./chairRotation";

describe("T-6 chair rotation (轮流主持)", () => {
  it("the proposing side chairs the first meeting", () => {
    expect(nextChairSide(null, "union")).toBe("union");
    expect(nextChairSide(null, "enterprise")).toBe("enterprise");
    expect(suggestChairSide([], "enterprise")).toBe("enterprise");
  });

  it("alternates from the last meeting's chair's side", () => {
    expect(nextChairSide("union", "union")).toBe("enterprise");
    expect(nextChairSide("enterprise", "union")).toBe("union");
    expect(suggestChairSide(["union"], "union")).toBe("enterprise");
    expect(suggestChairSide(["union", "enterprise"], "union")).toBe("union");
    expect(suggestChairSide(["union", "enterprise", "union"], "enterprise")).toBe("enterprise");
  });

  it("a meeting without a recorded chair does not break the turn: the last chaired one decides", () => {
    expect(suggestChairSide(["enterprise", null], "union")).toBe("union");
    expect(suggestChairSide([null, null], "enterprise")).toBe("enterprise");
  });
});
