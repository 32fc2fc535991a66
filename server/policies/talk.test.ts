import { describe, expect, it } from "vitest";
import { DEMO_SEATS } from "~/tests/setup/demoSeats";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { can, caucusSideOf, minutesConfirmationSide } from "./negotiation";

const SEATS = DEMO_SEATS;
const open = policyFacts();
const locked = policyFacts({ lockedAt: SIGNED_AT });

describe("comments", () => {
  it.each(Object.entries(SEATS))("%s may comment unless an observer; nobody on a locked agreement", (user, seat) => {
    expect(can(seat, "comment", open)).toBe(user !== "observer");
    expect(can(seat, "comment", locked)).toBe(false);
    expect(can(null, "comment", open)).toBe(false);
  });

  it("a thread is resolved by its author or a chief", () => {
    const comment = (userId: string) => ({ authorId: "u-rep", userId });
    expect(can(SEATS["union.rep"], "resolveComment", open, comment("u-rep"))).toBe(true);
    expect(can(SEATS["platform.chief"], "resolveComment", open, comment("u-pc"))).toBe(true);
    expect(can(SEATS["platform.rep"], "resolveComment", open, comment("u-pr"))).toBe(false);
    expect(can(SEATS["union.legal"], "resolveComment", open, comment("u-legal"))).toBe(false);
    expect(can(SEATS.observer, "resolveComment", open, comment("u-obs"))).toBe(false);
    expect(can(SEATS["union.rep"], "resolveComment", locked, comment("u-rep"))).toBe(false);
  });
});

describe("caucus notes (内部备注)", () => {
  it("each side reads its own; observers and outsiders have none", () => {
    expect(caucusSideOf(SEATS["union.chief"])).toBe("union");
    expect(caucusSideOf(SEATS["union.legal"])).toBe("union");
    expect(caucusSideOf(SEATS["city.union"])).toBe("union");
    expect(caucusSideOf(SEATS["platform.rep"])).toBe("enterprise");
    expect(caucusSideOf(SEATS.observer)).toBeNull();
    expect(caucusSideOf(null)).toBeNull();
  });

  it("writing is refused to observers and on a locked agreement", () => {
    expect(can(SEATS["platform.rep"], "writeCaucus", open)).toBe(true);
    expect(can(SEATS.observer, "writeCaucus", open)).toBe(false);
    expect(can(SEATS["union.chief"], "writeCaucus", locked)).toBe(false);
  });

  it("only the author deletes a note, and only on their side", () => {
    const note = (userId: string) => ({ authorId: "u-rep", side: "union" as const, userId });
    expect(can(SEATS["union.rep"], "deleteCaucusNote", open, note("u-rep"))).toBe(true);
    expect(can(SEATS["union.chief"], "deleteCaucusNote", open, note("u-chief"))).toBe(false);
    expect(can(SEATS["platform.rep"], "deleteCaucusNote", open, note("u-rep"))).toBe(false);
    expect(can(SEATS["union.rep"], "deleteCaucusNote", locked, note("u-rep"))).toBe(false);
  });
});

describe("meetings (协商会议)", () => {
  it.each([
    ["union.chief", true],
    ["union.rep", true],
    ["city.union", true],
    ["platform.chief", true],
    ["platform.rep", true],
    ["union.legal", false],
    ["observer", false],
  ] as const)("%s records meetings: %s", (user, allowed) => {
    expect(can(SEATS[user], "recordMeeting", open)).toBe(allowed);
    expect(can(SEATS[user], "recordMeeting", locked)).toBe(false);
  });

  it.each([
    ["union.chief", "represent", "union"],
    ["platform.chief", "represent", "enterprise"],
    ["city.union", "represent", "union"],
    ["city.union", "participate", null],
    ["union.rep", "represent", null],
    ["platform.rep", "standard", null],
    ["observer", "represent", null],
  ] as const)("%s under %s confirms minutes for %s", (user, mode, side) => {
    expect(minutesConfirmationSide(SEATS[user], policyFacts({ mode }))).toBe(side);
    expect(minutesConfirmationSide(SEATS[user], policyFacts({ mode, lockedAt: SIGNED_AT }))).toBeNull();
  });

  it("the chiefs chair", () => {
    expect(can(SEATS["union.chief"], "chair", policyFacts({ mode: "standard" }))).toBe(true);
    expect(can(SEATS["platform.chief"], "chair", policyFacts({ mode: "standard" }))).toBe(true);
    expect(can(SEATS["union.rep"], "chair", policyFacts({ mode: "standard" }))).toBe(false);
  });
});
