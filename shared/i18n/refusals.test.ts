import { describe, expect, it } from "vitest";
import { REFUSAL_KEYS, refusalText } from "./refusals";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the refusal catalogue (F-3)", () => {
  it("F-3: every message says something in both languages, with the same placeholders", () => {
    for (const key of REFUSAL_KEYS) {
      const zh = refusalText("zh", { key });
      const en = refusalText("en", { key });
      expect(zh.length, key).toBeGreaterThan(0);
      expect(en, key).toMatch(/[A-Za-z]/);
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it("F-3: parameters fill the message, and a nested reason is rendered in the same language", () => {
    const text = { key: "signing.delegationUnusable" as const, params: { letterNo: "QC-1", reason: { key: "delegationRule.expired" as const, params: { to: "2027-12-31" } } } };
    expect(refusalText("zh", text)).toBe("委托书 QC-1:该委托已于 2027-12-31 到期。");
    expect(refusalText("en", text)).toBe("Delegation QC-1: This delegation expired on 2027-12-31.");
  });
});
