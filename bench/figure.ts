/**
 * One benchmark figure, printed by bench/run.ts as
 * `name: value unit (baseline NAME: baselineValue unit, ratio R)`.
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
}

export function benchFigure(name: string, value: number, unit: string, baseline: string, baselineValue: number): BenchFigure {
  return { name, value, unit, baseline, baselineValue, ratio: baselineValue === 0 ? Number.NaN : value / baselineValue };
}
