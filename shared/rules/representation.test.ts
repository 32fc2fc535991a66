import { describe, expect, it } from "vitest";
import { countSides, representationWarnings, type RepresentationParticipant } from "./representation";
import { refusalText } from "../i18n/refusals";

const p = (userId: string, side: RepresentationParticipant["side"], role: RepresentationParticipant["role"], outsideExpert?: boolean): RepresentationParticipant => ({
  userId,
  side,
  role,
  ...(outsideExpert === undefined ? {} : { outsideExpert }),
});

/** Three on each side with one chief each: the table Art. 19 asks for. */
const balanced: RepresentationParticipant[] = [
  p("u1", "union", "chief"),
  p("u2", "union", "representative"),
  p("u3", "union", "higher_union"),
  p("e1", "enterprise", "chief"),
  p("e2", "enterprise", "representative"),
  p("e3", "enterprise", "representative"),
  p("obs", "observer", "observer"),
];

const codes = (participants: RepresentationParticipant[]) => representationWarnings(participants).map((w) => `${w.code}${w.side ? `:${w.side}` : ""}`);

describe("representationWarnings (集体合同规定第十九条–第二十四条)", () => {
  it("gives no warning for a balanced table of 3 + 3 with one chief each", () => {
    expect(representationWarnings(balanced)).toEqual([]);
  });

  it("warns on unequal numbers (Art. 19)", () => {
    const warnings = representationWarnings([...balanced, p("u4", "union", "representative")]);
    expect(warnings.map((w) => w.code)).toEqual(["unequal_sides"]);
    expect(refusalText("zh", warnings[0]!.text)).toContain("职工方 4 人,企业方 3 人");
    expect(warnings[0]!.sourceZh).toBe("集体合同规定第十九条");
  });

  it("warns on fewer than 3 per side, even when the sides are equal", () => {
    const two = [p("u1", "union", "chief"), p("u2", "union", "representative"), p("e1", "enterprise", "chief"), p("e2", "enterprise", "representative")];
    expect(codes(two)).toEqual(["too_few_representatives:union", "too_few_representatives:enterprise"]);
  });

  it("warns on a missing or a second chief", () => {
    const noChief = balanced.map((x) => (x.userId === "e1" ? { ...x, role: "representative" as const } : x));
    expect(codes(noChief)).toEqual(["no_chief:enterprise"]);
    const twoChiefs = balanced.map((x) => (x.userId === "u2" ? { ...x, role: "chief" as const } : x));
    expect(codes(twoChiefs)).toEqual(["multiple_chiefs:union"]);
  });

  it("counts legal advisers as outside experts but not as negotiating representatives", () => {
    expect(countSides([...balanced, p("l1", "union", "legal_adviser")]).union).toEqual({ representatives: 3, chiefs: 1, outsideExperts: 1 });
    // One outside expert for three representatives is exactly 1/3: allowed (Art. 23).
    expect(representationWarnings([...balanced, p("l1", "union", "legal_adviser")])).toEqual([]);
  });

  it("warns when outside experts exceed 1/3 of a side (Art. 23)", () => {
    const warnings = representationWarnings([...balanced, p("l1", "enterprise", "legal_adviser"), p("l2", "enterprise", "legal_adviser")]);
    expect(warnings.map((w) => w.code)).toEqual(["too_many_outside_experts"]);
    expect(warnings[0]).toMatchObject({ side: "enterprise", sourceZh: "集体合同规定第二十三条" });
    expect(refusalText("zh", warnings[0]!.text)).toContain("三分之一");
    // Flagged representatives count too: 2 of 3 representatives are outsiders.
    const flagged = balanced.map((x) => (x.userId === "u2" || x.userId === "u3" ? { ...x, outsideExpert: true } : x));
    expect(codes(flagged)).toEqual(["too_many_outside_experts:union"]);
  });

  it("warns when the chief is an outside expert (Art. 23)", () => {
    const warnings = representationWarnings(balanced.map((x) => (x.userId === "e1" ? { ...x, outsideExpert: true } : x)));
    expect(warnings).toEqual([expect.objectContaining({ code: "outside_expert_chief", side: "enterprise", userIds: ["e1"] })]);
  });

  it("warns when one user sits on both sides (Art. 24)", () => {
    const warnings = representationWarnings([...balanced, p("u2", "enterprise", "representative"), p("u1", "enterprise", "legal_adviser")]);
    const both = warnings.find((w) => w.code === "user_on_both_sides");
    expect(both).toMatchObject({ userIds: ["u2", "u1"], sourceZh: "集体合同规定第二十四条" });
  });

  it("ignores observers and counts a user listed twice on one side once", () => {
    const withNoise = [...balanced, p("u1", "union", "representative"), p("x", "union", "observer"), p("y", "observer", "chief"), p("obs", "enterprise", "observer")];
    expect(representationWarnings(withNoise)).toEqual([]);
  });

  it("describes the empty table", () => {
    expect(codes([])).toEqual(["too_few_representatives:union", "no_chief:union", "too_few_representatives:enterprise", "no_chief:enterprise"]);
  });

  it("flags the contract's demo table: 3 union negotiators (+ legal adviser) against 2 on the enterprise side", () => {
    const demo = [
      p("union.chief", "union", "chief"),
      p("union.rep", "union", "representative"),
      p("union.legal", "union", "legal_adviser"),
      p("city.union", "union", "higher_union"),
      p("platform.chief", "enterprise", "chief"),
      p("platform.rep", "enterprise", "representative"),
      p("observer", "observer", "observer"),
    ];
    expect(codes(demo)).toEqual(["unequal_sides", "too_few_representatives:enterprise"]);
  });
});
