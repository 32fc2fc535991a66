/**
 * Two sizes of the reliability and hostile-input suites: `npm test` runs the short one (the whole
 * short suite stays within a couple of minutes on a 2-core CI machine), `npm run
 * test:reliability` sets RELIABILITY_LONG=1 for the figures issue 8 asks for.
 */
export const LONG = process.env.RELIABILITY_LONG === "1";

export const RELIABILITY = LONG
  ? { editors: 50, kills: 5, typeIntervalMs: 400, churnDocuments: 500, fuzzFrames: 10_000 }
  : { editors: 10, kills: 2, typeIntervalMs: 150, churnDocuments: 100, fuzzFrames: 1_000 };

/** Seed of the generators; set RELIABILITY_SEED to replay a run. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 20260508);

/**
 * Seeds the fuzz suite runs: the pinned one (the same frames every run) and a fresh one each run,
 * so new ground is covered over time; a failing run prints its seed. RELIABILITY_SEED=<seed>
 * runs that seed alone.
 */
export const FUZZ_SEEDS: number[] = process.env.RELIABILITY_SEED ? [SEED] : [SEED, Math.floor(Math.random() * 2 ** 31)];

export { prng } from "../setup/prng";

/** Prints one figure the way bench/ does, so the final report can quote it. */
export function figure(name: string, value: number | string, unit = ""): void {
  console.log(`[figure] ${name}: ${value}${unit ? ` ${unit}` : ""}`);
}
