/**
 * Evidence at the table (issue 13) against the plain comparison, in one run: checking the newer
 * of two 200-clause versions against the legal floors (with the weaker-than-previous pass over
 * the older one) and computing the impact of its piece rate, on top of compareAgreements, versus
 * compareAgreements alone — what the compare page does with and without evidence. The two are
 * timed in alternating pairs (A, B, A, B …) so that a noisy neighbour slows both alike; the figure
 * is the median per-pair ratio with its spread. Target: evidence adds < 20% to a compare.
 */
import { agreementContentSchema } from "~/shared/agreement";
import { compareAgreements } from "~/shared/diff/compareAgreements";
import { compareWithPrevious } from "~/shared/evidence/clauseChecks";
import { FLOORS } from "~/shared/evidence/dataset";
import { roundInForce } from "~/shared/evidence/floorsInForce";
import { computeImpact, impactInputSchema } from "~/shared/evidence/impact";
import { readPayTerms } from "~/shared/evidence/payTerms";
import v1Fixture from "~/db/seed-data/agreement-v1.json";
import v2Fixture from "~/db/seed-data/agreement-v2.json";
import { largeVersions, LARGE_CLAUSE_COUNT } from "./compare.bench";
import type { BenchFigure } from "./figure";

/** Alternating A/B pairs, after one untimed warm-up of each. */
export const EVIDENCE_PAIRS = 9;

export async function run(): Promise<BenchFigure[]> {
  const { older, newer } = largeVersions(agreementContentSchema.parse(v1Fixture), agreementContentSchema.parse(v2Fixture));
  const wage = roundInForce(FLOORS.minimumWages, "内蒙古·一类", "2026-12-01")!;
  const context = { wage: { ...wage, source: wage.source.document }, onDate: "2026-12-01" };
  const input = impactInputSchema.parse({ ordersPerDay: "40", daysPerMonth: "26", hoursPerDay: "7.79" });

  const plain = () => compareAgreements(older, newer);
  const withEvidence = () => {
    const comparison = compareAgreements(older, newer);
    const findings = compareWithPrevious(newer.clauses, older.clauses, context);
    const impact = computeImpact(readPayTerms(older.clauses), readPayTerms(newer.clauses), input, wage);
    return [comparison, findings, impact];
  };
  plain();
  withEvidence();
  const pairs: { a: number; b: number }[] = [];
  for (let i = 0; i < EVIDENCE_PAIRS; i++) pairs.push({ a: elapsedMs(plain), b: elapsedMs(withEvidence) });
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const ratios = pairs.map((p) => p.b / p.a);
  const [low, high] = [Math.min(...ratios), Math.max(...ratios)];
  const findings = compareWithPrevious(newer.clauses, older.clauses, context).length;
  return [
    {
      name: `compare + evidence (${findings} findings, impact), ${LARGE_CLAUSE_COUNT} clauses (median of ${EVIDENCE_PAIRS} alternating pairs; per-pair ratio spread ${low.toFixed(3)}–${high.toFixed(3)})`,
      value: round(median(pairs.map((p) => p.b))),
      unit: "ms",
      baseline: "compareAgreements alone, same versions",
      baselineValue: round(median(pairs.map((p) => p.a))),
      // The median of the per-pair ratios, not the ratio of medians: each pair ran under the same load.
      ratio: median(ratios),
    },
  ];
}

function elapsedMs(task: () => unknown): number {
  const start = process.hrtime.bigint();
  task();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
