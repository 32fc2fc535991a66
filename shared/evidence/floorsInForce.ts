/**
 * Which minimum-wage round applies on a date: the newest round of the area whose effective date
 * is on or before it (《最低工资规定》第十条: a new standard applies from the date it takes effect).
 * Rounds are passed in, since an administrator may have added some to the database.
 */
import type { RuleKey } from "./dataset";
import { FLOORS, type FloorsDataset } from "./dataset";

/** A round as the checks need it; the database rows and the dataset entries both fit. */
export interface WageRound {
  area: string;
  monthly: number;
  hourly: number;
  effectiveFrom: string;
  source: string;
  confirmed: boolean;
}

export function roundInForce<R extends { area: string; effectiveFrom: string }>(rounds: readonly R[], area: string, onDate: string): R | null {
  let best: R | null = null;
  for (const round of rounds) {
    if (round.area !== area || round.effectiveFrom > onDate) continue;
    if (!best || round.effectiveFrom > best.effectiveFrom) best = round;
  }
  return best;
}

/** Every area with at least one round, in the order first seen. */
export function knownAreas(rounds: readonly { area: string }[]): string[] {
  return [...new Set(rounds.map((round) => round.area))];
}

/** The rule keys whose rule was already in force on `onDate` (a check of a 2020 text skips a 2021 guidance). */
export function rulesInForce(onDate: string, dataset: FloorsDataset = FLOORS): RuleKey[] {
  return (Object.keys(dataset.rules) as RuleKey[]).filter((key) => dataset.rules[key].effectiveFrom <= onDate);
}
