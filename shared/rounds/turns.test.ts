import { describe, expect, it } from "vitest";
import { previousRoundOfOtherSide, turnOf } from "./turns";

const at = (iso: string) => new Date(iso).getTime();

describe("turns (docs/SPEC.md R-10)", () => {
  it("R-10: before any round the side that did not make the 要约 moves; after a round, the other side", () => {
    expect(turnOf([], "union")).toEqual({ next: "enterprise", round: 0, daysSinceLast: null });
    expect(turnOf([{ round: 1, side: "union", tabledAt: at("2026-03-01T02:00:00Z") }], "union", new Date("2026-03-04T02:00:00Z"))).toEqual({ next: "enterprise", round: 1, daysSinceLast: 3 });
    const two = [
      { round: 1, side: "union" as const, tabledAt: at("2026-03-01T02:00:00Z") },
      { round: 2, side: "enterprise" as const, tabledAt: at("2026-03-02T02:00:00Z") },
    ];
    expect(turnOf(two, "union", new Date("2026-03-02T03:00:00Z")).next).toBe("union");
  });

  it("R-10: days are counted on China's calendar (a round tabled at 23:30 Beijing time was yesterday at 00:30)", () => {
    expect(turnOf([{ round: 1, side: "enterprise", tabledAt: at("2026-03-01T15:30:00Z") }], "union", new Date("2026-03-01T16:30:00Z")).daysSinceLast).toBe(1);
  });

  it("R-11: this round's counterpart is the other side's last round before it", () => {
    const rounds = [
      { round: 1, side: "union" as const },
      { round: 2, side: "enterprise" as const },
      { round: 3, side: "enterprise" as const },
      { round: 4, side: "union" as const },
    ];
    expect(previousRoundOfOtherSide(rounds, rounds[3]!)?.round).toBe(3);
    expect(previousRoundOfOtherSide(rounds, rounds[1]!)?.round).toBe(1);
    expect(previousRoundOfOtherSide(rounds, rounds[0]!)).toBeNull();
  });
});
