import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STATUTORY_RULES, withRules } from "./config";
import { refusalText } from "../i18n/refusals";
import { issueMessage } from "../schemas/issueText";
import { ratificationInputSchema, ratificationVerdict, requiredCount } from "./ratification";

const zh = (verdict: ReturnType<typeof ratificationVerdict>) => refusalText("zh", verdict.explanation);
const en = (verdict: ReturnType<typeof ratificationVerdict>) => refusalText("en", verdict.explanation);

describe("ratificationVerdict (集体合同规定第三十六条)", () => {
  it("passes with exactly 2/3 attending and more than half of all approving", () => {
    const verdict = ratificationVerdict({ total: 30, attended: 20, approved: 16 });
    expect(verdict).toMatchObject({ valid: true, quorumMet: true, approvalMet: true, requiredAttendance: 20, requiredApproval: 16 });
    expect(zh(verdict)).toBe("应到 30 人,实到 20 人,达到三分之二以上出席的要求(至少 20 人);同意 16 人,达到全体超过半数同意的要求(至少 16 人,按应到人数而非实到人数计算)。草案获得通过。(集体合同规定第三十六条)");
    expect(en(verdict)).toContain("adopted");
    expect(en(verdict)).toContain("at least 2/3 (at least 20) is met");
    expect(en(verdict)).toContain("(Collective Contract Provisions, Art. 36)");
  });

  it("fails one short of 2/3 attending, even with every attendee approving", () => {
    const verdict = ratificationVerdict({ total: 30, attended: 19, approved: 19 });
    expect(verdict).toMatchObject({ valid: false, quorumMet: false, approvalMet: true });
    expect(zh(verdict)).toContain("未达到三分之二以上出席");
    expect(en(verdict)).toContain("is not met");
    expect(en(verdict)).toContain("The draft is not adopted.");
  });

  it("fails when exactly half of all approve", () => {
    expect(ratificationVerdict({ total: 30, attended: 30, approved: 15, against: 15 })).toMatchObject({
      valid: false,
      quorumMet: true,
      approvalMet: false,
      requiredApproval: 16,
    });
  });

  it("counts approval against the total, not against those present", () => {
    // 20 of 30 present, 12 approve: 60% of those present, but only 12/30 of all.
    const verdict = ratificationVerdict({ total: 30, attended: 20, approved: 12, against: 8 });
    expect(verdict).toMatchObject({ valid: false, quorumMet: true, approvalMet: false });
    expect(zh(verdict)).toContain("按应到人数");
  });

  it("rounds thresholds up where 2/3 is not a whole number", () => {
    expect(ratificationVerdict({ total: 10, attended: 6, approved: 6 }).quorumMet).toBe(false);
    expect(ratificationVerdict({ total: 10, attended: 7, approved: 6 })).toMatchObject({ requiredAttendance: 7, requiredApproval: 6, valid: true });
    expect(ratificationVerdict({ total: 1, attended: 1, approved: 1 })).toMatchObject({ requiredAttendance: 1, requiredApproval: 1, valid: true });
    expect(ratificationVerdict({ total: 3, attended: 2, approved: 2 })).toMatchObject({ requiredAttendance: 2, requiredApproval: 2, valid: true });
    expect(ratificationVerdict({ total: 3, attended: 2, approved: 1 }).valid).toBe(false);
  });

  it("stays exact on large bodies where floats would round (2/3 of 3,000,000)", () => {
    expect(ratificationVerdict({ total: 3_000_000, attended: 2_000_000, approved: 1_500_001 }).valid).toBe(true);
    expect(ratificationVerdict({ total: 3_000_000, attended: 1_999_999, approved: 1_500_001 }).quorumMet).toBe(false);
    expect(ratificationVerdict({ total: 3_000_000, attended: 2_000_000, approved: 1_500_000 }).approvalMet).toBe(false);
  });

  it("agrees with exact rational arithmetic on random counts (property)", () => {
    const input = fc
      .integer({ min: 1, max: 5_000 })
      .chain((total) => fc.tuple(fc.constant(total), fc.integer({ min: 0, max: total })))
      .chain(([total, attended]) => fc.tuple(fc.constant(total), fc.constant(attended), fc.integer({ min: 0, max: attended })));
    fc.assert(
      fc.property(input, ([total, attended, approved]) => {
        const verdict = ratificationVerdict({ total, attended, approved });
        const t = BigInt(total);
        expect(verdict.quorumMet).toBe(3n * BigInt(attended) >= 2n * t);
        expect(verdict.approvalMet).toBe(2n * BigInt(approved) > t);
        expect(verdict.valid).toBe(verdict.quorumMet && verdict.approvalMet);
        // The thresholds are the smallest passing counts.
        expect(3 * verdict.requiredAttendance >= 2 * total && 3 * (verdict.requiredAttendance - 1) < 2 * total).toBe(true);
        expect(2 * verdict.requiredApproval > total && 2 * (verdict.requiredApproval - 1) <= total).toBe(true);
      }),
      { seed: 36, numRuns: 1_000 },
    );
  });

  it("lets exactly half pass when the approval rule is read as inclusive (半数以上 incl. 本数)", () => {
    const rules = withRules({ RATIFICATION_APPROVAL: { ...STATUTORY_RULES.RATIFICATION_APPROVAL, inclusive: true } });
    expect(ratificationVerdict({ total: 30, attended: 30, approved: 15 }, rules)).toMatchObject({ valid: true, requiredApproval: 15 });
    expect(requiredCount(31, rules.RATIFICATION_APPROVAL)).toBe(16);
  });
});

describe("ratificationInputSchema", () => {
  const messages = (input: unknown) => {
    const result = ratificationInputSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issueMessage("zh", issue));
  };

  it("accepts consistent counts", () => {
    expect(messages({ total: 30, attended: 20, approved: 16, against: 3, abstained: 1 })).toEqual([]);
    expect(messages({ total: 30, attended: 0, approved: 0 })).toEqual([]);
  });

  it("rejects impossible counts with Chinese messages", () => {
    expect(messages({ total: 30, attended: 31, approved: 16 })).toContain("实到人数不能多于应到人数");
    expect(messages({ total: 30, attended: 20, approved: 16, against: 4, abstained: 1 })).toContain("同意、反对、弃权人数之和不能多于实到人数");
    expect(messages({ total: 30, attended: 20, approved: 21 })).toContain("同意、反对、弃权人数之和不能多于实到人数");
    expect(messages({ total: 30, attended: 20, approved: -1 })).toContain("同意人数不能为负数");
    expect(messages({ total: 0, attended: 0, approved: 0 })).toContain("应到人数至少为 1");
    expect(messages({ total: 30, attended: 20.5, approved: 10 })).toContain("实到人数必须是整数");
    expect(messages({ total: 30, attended: 20 })).toContain("请填写同意人数");
    expect(messages({ total: "30", attended: 20, approved: 10 })).toContain("应到人数必须是数字");
  });

  it("makes the verdict throw on impossible input", () => {
    expect(() => ratificationVerdict({ total: 30, attended: 31, approved: 16 })).toThrow("实到人数不能多于应到人数");
    expect(() => ratificationVerdict({ total: 30, attended: 20, approved: 10, against: 11 })).toThrow(RangeError);
  });
});
