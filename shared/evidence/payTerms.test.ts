import { describe, expect, it } from "vitest";
import { readPayTerms } from "./payTerms";

describe("readPayTerms (EV-6)", () => {
  it("EV-6 reads the base price and supplements from clause text, whatever the clause is called", () => {
    const terms = readPayTerms([
      { id: "a", body: "骑手每完成一单，平台支付计件单价六元五角。" },
      { id: "b", body: "凌晨时段配送的，每单另加1元；雨雪天气每单加发天气补贴2元。" },
      { id: "c", body: "配送距离超过3公里的，每增加1公里加付0.6元。保险保额不低于60万元。" },
    ]);
    expect(terms.basePerOrder).toBeCloseTo(6.5, 10);
    expect(terms.nightPerOrder).toBe(1);
    expect(terms.weatherPerOrder).toBe(2);
    expect(terms.perExtraKm).toBe(0.6);
    expect(terms.sources.base).toEqual({ clauseId: "a", figure: "六元五角" });
  });

  it("EV-6 finds no base price in a text without one", () => {
    expect(readPayTerms([{ id: "x", body: "乙方应当为配送员配备头盔。奖励每单不超过2元。" }]).basePerOrder).toBeNull();
  });
});
