import { describe, expect, it } from "vitest";
import { DEMO_SEATS } from "../../tests/setup/demoSeats";
import { can, type Membership } from "./negotiation";
import { canDeleteCaucusNote, canResolveComment, caucusSideOf, mayChair, minutesConfirmationSide } from "./talk";

const SEATS = DEMO_SEATS;
const open = { locked: false };
const locked = { locked: true };

describe("comments", () => {
  it.each(Object.entries(SEATS))("%s may comment unless an observer; nobody on a locked agreement", (user, seat) => {
    expect(can(seat, "comment", open)).toBe(user !== "observer");
    expect(can(seat, "comment", locked)).toBe(false);
    expect(can(null, "comment", open)).toBe(false);
  });

  it("a thread is resolved by its author or a chief", () => {
    const comment = { authorId: "u-rep" };
    expect(canResolveComment(SEATS["union.rep"], comment, "u-rep", open)).toBe(true);
    expect(canResolveComment(SEATS["platform.chief"], comment, "u-pc", open)).toBe(true);
    expect(canResolveComment(SEATS["platform.rep"], comment, "u-pr", open)).toBe(false);
    expect(canResolveComment(SEATS["union.legal"], comment, "u-legal", open)).toBe(false);
    expect(canResolveComment(SEATS.observer, comment, "u-obs", open)).toBe(false);
    expect(canResolveComment(SEATS["union.rep"], comment, "u-rep", locked)).toBe(false);
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
    const note = { authorId: "u-rep", side: "union" as const };
    expect(canDeleteCaucusNote(SEATS["union.rep"], note, "u-rep", open)).toBe(true);
    expect(canDeleteCaucusNote(SEATS["union.chief"], note, "u-chief", open)).toBe(false);
    expect(canDeleteCaucusNote(SEATS["platform.rep"], note, "u-rep", open)).toBe(false);
    expect(canDeleteCaucusNote(SEATS["union.rep"], note, "u-rep", locked)).toBe(false);
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
    expect(minutesConfirmationSide(SEATS[user], mode, false)).toBe(side);
    expect(minutesConfirmationSide(SEATS[user], mode, true)).toBeNull();
  });

  it("the chiefs chair", () => {
    expect(mayChair(SEATS["union.chief"], "standard")).toBe(true);
    expect(mayChair(SEATS["platform.chief"], "standard")).toBe(true);
    expect(mayChair(SEATS["union.rep"], "standard")).toBe(false);
  });
});
