import { describe, expect, it } from "vitest";
import { DEMO_SEATS } from "~/tests/setup/demoSeats";
import { CLAUSE_STATUSES, type ClauseStatus } from "~/shared/clauseStatus";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { can } from "./negotiation";

const SEATS = DEMO_SEATS;

describe("W-2 who confirms a tentative agreement", () => {
  it.each([
    ["union.chief", "represent", true],
    ["platform.chief", "represent", true],
    ["city.union", "represent", true],
    ["city.union", "participate", false],
    ["city.union", "standard", false],
    ["union.rep", "represent", false],
    ["platform.rep", "represent", false],
    ["union.legal", "represent", false],
    ["observer", "represent", false],
  ] as const)("%s under %s: %s", (user, mode, allowed) => {
    expect(can(SEATS[user], "confirmTentativeAgreement", policyFacts({ mode }))).toBe(allowed);
  });

  it("nobody confirms on a locked (signed) agreement", () => {
    for (const seat of Object.values(SEATS)) expect(can(seat, "confirmTentativeAgreement", policyFacts({ lockedAt: SIGNED_AT }))).toBe(false);
  });
});

/** The expected table: for each role, the transitions it may make of a clause the union tabled. */
const ALLOWED: Record<string, string[]> = {
  "union.chief": ["proposed→negotiating", "proposed→parked", "proposed→withdrawn", "negotiating→parked", "negotiating→withdrawn", "parked→negotiating", "parked→withdrawn", "withdrawn→negotiating"],
  "union.rep": ["proposed→negotiating", "proposed→withdrawn", "negotiating→withdrawn", "parked→withdrawn", "withdrawn→negotiating"],
  "city.union": ["proposed→negotiating", "proposed→parked", "proposed→withdrawn", "negotiating→parked", "negotiating→withdrawn", "parked→negotiating", "parked→withdrawn", "withdrawn→negotiating"],
  "platform.chief": ["proposed→negotiating", "proposed→parked", "negotiating→parked", "parked→negotiating"],
  "platform.rep": ["proposed→negotiating"],
  "union.legal": [],
  observer: [],
};

describe("W-4 clause status transitions, every demo role, a clause the union tabled (上代下)", () => {
  for (const [user, allowed] of Object.entries(ALLOWED)) {
    it(`${user}`, () => {
      const actual: string[] = [];
      for (const from of CLAUSE_STATUSES) {
        for (const to of CLAUSE_STATUSES) {
          if (can(SEATS[user], "changeClauseStatus", policyFacts(), { from: from as ClauseStatus, to: to as ClauseStatus, proposedBy: "union" })) actual.push(`${from}→${to}`);
        }
      }
      expect(actual.sort()).toEqual([...allowed].sort());
    });
  }

  it("only the tabling side withdraws: the enterprise may withdraw its own clause", () => {
    expect(can(SEATS["platform.rep"], "changeClauseStatus", policyFacts(), { from: "negotiating", to: "withdrawn", proposedBy: "enterprise" })).toBe(true);
    expect(can(SEATS["union.chief"], "changeClauseStatus", policyFacts(), { from: "negotiating", to: "withdrawn", proposedBy: "enterprise" })).toBe(false);
  });

  it("W-6: nothing moves once the agreement is locked", () => {
    expect(can(SEATS["union.chief"], "changeClauseStatus", policyFacts({ lockedAt: SIGNED_AT }), { from: "negotiating", to: "parked", proposedBy: "union" })).toBe(false);
  });
});

describe("answering the 要约 (集体合同规定第三十二条)", () => {
  const demo = { proposedBySide: "union" as const, mode: "represent" as const, answeredOn: null };
  it.each([
    ["platform.chief", true],
    ["platform.rep", false],
    ["union.chief", false],
    ["city.union", false],
    ["observer", false],
  ])("%s may answer the union's proposal: %s", (user, allowed) => {
    expect(can(DEMO_SEATS[user], "answerProposal", policyFacts(demo))).toBe(allowed);
  });

  it("only once, and never on a locked agreement", () => {
    expect(can(DEMO_SEATS["platform.chief"], "answerProposal", policyFacts({ ...demo, answeredOn: "2026-11-20" }))).toBe(false);
    expect(can(DEMO_SEATS["platform.chief"], "answerProposal", policyFacts({ ...demo, lockedAt: SIGNED_AT }))).toBe(false);
  });

  it("a proposal from the enterprise is answered by the union's chief or, under 上代下, the higher-level union", () => {
    const fromEnterprise = { ...demo, proposedBySide: "enterprise" as const };
    expect(can(DEMO_SEATS["union.chief"], "answerProposal", policyFacts(fromEnterprise))).toBe(true);
    expect(can(DEMO_SEATS["city.union"], "answerProposal", policyFacts(fromEnterprise))).toBe(true);
    expect(can(DEMO_SEATS["platform.chief"], "answerProposal", policyFacts(fromEnterprise))).toBe(false);
  });
});
