import type { CaucusSide } from "../collab/documentName";
import { chinaToday, daysLeft } from "../rules/deadlines";

/**
 * Whose move it is (docs/SPEC.md R-10). Rounds alternate: after a side tables, the move is the
 * other side's. Before any round the side that did not make the 要约 answers it with its
 * counter-proposal (集体合同规定第三十二条). Either side may still table out of turn — the turn is
 * shown, not enforced: bargaining practice lets a side table again to improve its own offer.
 */
export interface TurnState {
  next: CaucusSide;
  /** The number of the last tabled round, 0 before any. */
  round: number;
  /** Calendar days (China time) since the last round was tabled; null before any. */
  daysSinceLast: number | null;
}

export const otherSide = (side: CaucusSide): CaucusSide => (side === "union" ? "enterprise" : "union");

export function turnOf(rounds: readonly { round: number; side: CaucusSide; tabledAt: number }[], proposedBySide: CaucusSide, now: Date = new Date()): TurnState {
  const last = rounds.at(-1);
  if (!last) return { next: otherSide(proposedBySide), round: 0, daysSinceLast: null };
  return { next: otherSide(last.side), round: last.round, daysSinceLast: -daysLeft(chinaToday(now), chinaToday(new Date(last.tabledAt))) };
}

/** For the compare page's one click: this round against the last one the other side tabled before it. */
export function previousRoundOfOtherSide<R extends { round: number; side: CaucusSide }>(rounds: readonly R[], round: R): R | null {
  return [...rounds].reverse().find((r) => r.round < round.round && r.side !== round.side) ?? null;
}
