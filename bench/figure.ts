/**
 * One benchmark figure, printed by bench/run.ts as
 * `name: value unit (baseline NAME: baselineValue unit, ratio R[, spread A–B over N pairs])`.
 * Every figure is measured against its baseline in the same run, on the same machine.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** What the figure is compared with, e.g. "jsdiff diffChars on the whole text". */
  baseline: string;
  baselineValue: number;
  /** value / baselineValue: below 1 means less time (or fewer hunks) than the baseline. */
  ratio: number;
  /** For alternated runs: the lowest and highest of the per-pair ratios (`ratio` is their median). */
  spread?: { min: number; max: number; pairs: number };
}

export function benchFigure(name: string, value: number, unit: string, baseline: string, baselineValue: number): BenchFigure {
  return { name, value, unit, baseline, baselineValue, ratio: baselineValue === 0 ? Number.NaN : value / baselineValue };
}

/** One round of alternated runs: ours, then the baseline's, measured back to back. */
export interface Pair {
  ours: number;
  baseline: number;
}

/**
 * A figure from alternated pairs: the medians of each side, and the median of the per-pair
 * ratios with their spread. A pair shares the machine's load of its moment, so its ratio holds
 * where single timings do not (a shared, busy machine).
 */
export function pairedFigure(name: string, unit: string, baseline: string, pairs: Pair[]): BenchFigure {
  const ratios = pairs.map((pair) => (pair.baseline === 0 ? Number.NaN : pair.ours / pair.baseline)).filter(Number.isFinite);
  return {
    name,
    unit,
    baseline,
    value: median(pairs.map((pair) => pair.ours)),
    baselineValue: median(pairs.map((pair) => pair.baseline)),
    ratio: ratios.length ? median(ratios) : Number.NaN,
    spread: ratios.length ? { min: Math.min(...ratios), max: Math.max(...ratios), pairs: ratios.length } : undefined,
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Alternated pairs (BENCH_PAIRS, at least 3): ours, baseline, ours, baseline… */
export const PAIRS = Math.max(3, Number(process.env.BENCH_PAIRS ?? 3));

export async function alternate<T>(runOurs: () => T | Promise<T>, runBaseline: () => T | Promise<T>, pairs = PAIRS): Promise<{ ours: T; baseline: T }[]> {
  const results: { ours: T; baseline: T }[] = [];
  for (let i = 0; i < pairs; i++) results.push({ ours: await runOurs(), baseline: await runBaseline() });
  return results;
}

/** Wall-clock and CPU time of one synchronous run, in milliseconds. */
export function timeRun(task: () => unknown): { wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  task();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** `timeRun` for a task that awaits (a load through the async data layer): wall and CPU time to its settling. */
export async function timeRunAsync(task: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await task();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}
