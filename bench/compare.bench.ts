/**
 * The comparison engine against whole-text diffs, in one run:
 *  - time to compare two 200-clause, ~100,000-character versions built from the fixtures;
 *  - for the real fixture pair (v1 → v2): the change hunks a reader has to look at, and the
 *    figures a diff touches without replacing them whole.
 * Baselines: jsdiff `diffChars` and diff-match-patch `diff_main` + `diff_cleanupSemantic`, both on
 * the agreement flattened to one text (each clause as "title\nbody\n"), which is what a generic
 * compare tool sees; for the hunks also diff-match-patch on each clause's title and body.
 */
import { diffChars } from "diff";
import DiffMatchPatch from "diff-match-patch";
import { agreementContentSchema, type AgreementContent, type Clause } from "~/shared/agreement";
import { compareAgreements, type ClauseComparison } from "~/shared/diff/compareAgreements";
import { countHunks, countSplitFigures } from "~/shared/diff/redlineMeasures";
import type { DiffPart } from "~/shared/diff/textDiff";
import v1Fixture from "~/db/seed-data/agreement-v1.json";
import v2Fixture from "~/db/seed-data/agreement-v2.json";
import { benchFigure, median, PAIRS, pairedFigure, timeRun, type BenchFigure } from "./figure";
import { prng } from "~/tests/setup/prng";

/** Size of the synthetic versions: the scale of a long sector agreement. */
export const LARGE_CLAUSE_COUNT = 200;
export const LARGE_TARGET_CHARS = 100_000;
/** Timed runs per contender; the median is reported, after one untimed warm-up run. */
export const TIMED_RUNS = 5;
/** Fixed seed so every run times the same texts. */
export const PRNG_SEED = 20_260_301;
/** Share of clauses whose figures or wording the synthetic newer version perturbs. */
const PERTURBED_SHARE = 0.3;

/** A contender slower than this per run is timed once: at that length JIT warm-up is noise. */
const SLOW_RUN_MS = 2_000;

const JSDIFF_BASELINE = "jsdiff diffChars, whole text";
// Diff_Timeout 0: with its default 1 s timeout diff-match-patch gives up on 100,000 characters and
// returns a coarse diff (229 parts instead of 3,680 here), which would be no fair baseline.
const DMP_BASELINE = "diff-match-patch diff_main (no timeout) + diff_cleanupSemantic, whole text";
const DMP_PER_CLAUSE_BASELINE = "diff-match-patch diff_main + diff_cleanupSemantic, clause by clause (title, body), same counting as ours";

export async function run(): Promise<BenchFigure[]> {
  const v1 = agreementContentSchema.parse(v1Fixture);
  const v2 = agreementContentSchema.parse(v2Fixture);
  const { older, newer } = largeVersions(v1, v2);
  const [olderText, newerText] = [flatten(older), flatten(newer)];

  // Alternated rounds: ours, jsdiff, DMP, ours, jsdiff, DMP… so each ratio compares runs made
  // under the same load of the machine.
  // jsdiff's whole-text diff takes minutes on a busy machine and is ~100× slower than ours: it is
  // timed in the first round only and that run stands for it in every pair (its label says so).
  const rounds: { engine: Timing; jsdiff: Timing; dmp: Timing }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const engine = time(() => compareAgreements(older, newer));
    const jsdiff = rounds[0]?.jsdiff ?? { ...time(() => jsdiffParts(olderText, newerText)), label: "1 run, first round only" };
    rounds.push({ engine, jsdiff, dmp: time(() => dmpParts(olderText, newerText)) });
  }
  const pairs = (baseline: "jsdiff" | "dmp", measure: "wallMs" | "cpuMs") => rounds.map((round) => ({ ours: round.engine[measure], baseline: round[baseline][measure] }));
  const label = (timing: Timing) => timing.label;

  // What a reader of each redline looks at, for the real fixture pair.
  const comparison = compareAgreements(v1, v2);
  const ours = comparison.clauses.flatMap((clause) => [clause.parts.title, clause.parts.body]);
  const jsdiffFixture = jsdiffParts(flatten(v1), flatten(v2));
  const dmpFixture = dmpParts(flatten(v1), flatten(v2));
  const ourHunks = comparison.clauses.reduce((sum, clause) => sum + readerHunks(clause, clause.parts), 0);
  // The same clause-by-clause texts and reader rules, diffed by diff-match-patch: the whole-text
  // figure lets its hunks run across a clause boundary (one clause's last change and the next one's
  // title), which no per-clause redline can do, so this one shows what the diff itself saves.
  const [olderById, newerById] = [new Map(v1.clauses.map((c) => [c.id, c])), new Map(v2.clauses.map((c) => [c.id, c]))];
  const dmpPerClauseHunks = comparison.clauses.reduce((sum, clause) => {
    const [before, after] = [olderById.get(clause.id), newerById.get(clause.id)];
    const parts = { title: dmpParts(before?.title ?? "", after?.title ?? ""), body: dmpParts(before?.body ?? "", after?.body ?? "") };
    return sum + readerHunks(clause, parts);
  }, 0);
  const ourSplit = ours.reduce((sum, parts) => sum + countSplitFigures(parts), 0);
  // Why the whole-text DMP figure can be lower than the per-clause one: its hunks that join two
  // clauses' changes (our redline is per clause, so ours join none by construction).
  const dmpCrossing = countCrossClauseHunks(dmpFixture, clauseEnds(v1), clauseEnds(v2));

  const scale = `${LARGE_CLAUSE_COUNT} clauses / ${olderText.length.toLocaleString("en")} chars`;
  const timeName = `compareAgreements, ${scale} (${label(rounds[0]!.engine)}, wall clock)`;
  const cpuName = `compareAgreements CPU time, ${scale} (${label(rounds[0]!.engine)})`;
  const hunkName = "change hunks shown for the fixtures v1 → v2 (a whole added/deleted clause or a move note counts 1)";
  const crossName = "of those hunks, ones that join changes of two different clauses (a per-clause redline has none)";
  const splitName = "figures shown split for the fixtures v1 → v2, old and new side (e.g. 5.5元 → 5元 as a struck “.5”)";
  return [
    pairedFigure(timeName, "ms", `${JSDIFF_BASELINE} (${label(rounds[0]!.jsdiff)})`, pairs("jsdiff", "wallMs")),
    pairedFigure(timeName, "ms", `${DMP_BASELINE} (${label(rounds[0]!.dmp)})`, pairs("dmp", "wallMs")),
    pairedFigure(cpuName, "ms", `${DMP_BASELINE} (${label(rounds[0]!.dmp)})`, pairs("dmp", "cpuMs")),
    benchFigure(hunkName, ourHunks, "hunks", JSDIFF_BASELINE, countHunks(jsdiffFixture)),
    benchFigure(hunkName, ourHunks, "hunks", DMP_BASELINE, countHunks(dmpFixture)),
    benchFigure(hunkName, ourHunks, "hunks", DMP_PER_CLAUSE_BASELINE, dmpPerClauseHunks),
    benchFigure(crossName, 0, "hunks", DMP_BASELINE, dmpCrossing),
    benchFigure(splitName, ourSplit, "figures", JSDIFF_BASELINE, countSplitFigures(jsdiffFixture)),
    benchFigure(splitName, ourSplit, "figures", DMP_BASELINE, countSplitFigures(dmpFixture)),
  ];
}

function jsdiffParts(before: string, after: string): DiffPart[] {
  return diffChars(before, after).map((change) => ({
    kind: change.added ? "insert" : change.removed ? "delete" : "equal",
    text: change.value,
  }));
}

function dmpParts(before: string, after: string): DiffPart[] {
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = 0;
  const diffs = dmp.diff_main(before, after);
  dmp.diff_cleanupSemantic(diffs);
  return diffs.map(([operation, text]) => ({ kind: operation === 0 ? "equal" : operation < 0 ? "delete" : "insert", text }));
}

/**
 * What a reader of a per-clause redline looks at in one clause: a wholly added or deleted clause
 * is one change, a move is one note, otherwise each run of changes in the title and the body.
 */
function readerHunks(clause: ClauseComparison, parts: ClauseComparison["parts"]): number {
  if (clause.changes.includes("added") || clause.changes.includes("deleted")) return 1;
  return countHunks(parts.title) + countHunks(parts.body) + (clause.changes.includes("moved") ? 1 : 0);
}

/** Where each clause ends in the flattened text (exclusive offsets, in UTF-16 units as `parts` are). */
function clauseEnds(agreement: AgreementContent): number[] {
  let end = 0;
  return agreement.clauses.map((clause) => (end += `${clause.title}\n${clause.body}\n`.length));
}

/**
 * Hunks of a whole-text diff whose changed text, on the old or the new side, begins in one clause
 * and ends in another: a hunk no per-clause redline can show, since it joins two clauses' changes
 * (e.g. one clause's last figure with the next one's title).
 */
function countCrossClauseHunks(parts: DiffPart[], olderEnds: number[], newerEnds: number[]): number {
  const clauseAt = (ends: number[], offset: number) => ends.findIndex((end) => offset < end);
  let crossing = 0;
  let [olderAt, newerAt] = [0, 0];
  for (let i = 0; i < parts.length; ) {
    if (parts[i]!.kind === "equal") {
      olderAt += parts[i]!.text.length;
      newerAt += parts[i]!.text.length;
      i++;
      continue;
    }
    const [olderStart, newerStart] = [olderAt, newerAt];
    for (; i < parts.length && parts[i]!.kind !== "equal"; i++) {
      if (parts[i]!.kind === "delete") olderAt += parts[i]!.text.length;
      else newerAt += parts[i]!.text.length;
    }
    const spans = (ends: number[], start: number, end: number) => end > start && clauseAt(ends, start) !== clauseAt(ends, end - 1);
    if (spans(olderEnds, olderStart, olderAt) || spans(newerEnds, newerStart, newerAt)) crossing++;
  }
  return crossing;
}

const flatten = (agreement: AgreementContent) => agreement.clauses.map((clause) => `${clause.title}\n${clause.body}\n`).join("");

interface Timing {
  wallMs: number;
  cpuMs: number;
  label: string;
}

/** Median wall and CPU time of TIMED_RUNS runs after a warm-up, or the warm-up alone for a slow contender. */
function time(task: () => unknown): Timing {
  const warmUp = timeRun(task); // JIT and the ICU segmenter's first load are not what we measure
  if (warmUp.wallMs > SLOW_RUN_MS) return { wallMs: round(warmUp.wallMs), cpuMs: round(warmUp.cpuMs), label: "1 run" };
  const runs = Array.from({ length: TIMED_RUNS }, () => timeRun(task));
  return { wallMs: round(median(runs.map((r) => r.wallMs))), cpuMs: round(median(runs.map((r) => r.cpuMs))), label: `median of ${TIMED_RUNS}` };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Two large versions built from the fixtures: each synthetic clause strings together fixture
 * bodies until it reaches its share of LARGE_TARGET_CHARS. The older side uses v1's text, the newer
 * v2's for the same fixture clauses (so the platform's real edits recur throughout), and the newer
 * side is then perturbed: figures changed and phrases dropped in PERTURBED_SHARE of the clauses,
 * three clauses removed, three added, two moved.
 */
export function largeVersions(v1: AgreementContent, v2: AgreementContent): { older: AgreementContent; newer: AgreementContent } {
  const random = prng(PRNG_SEED);
  const v2ById = new Map(v2.clauses.map((clause) => [clause.id, clause]));
  const charsPerClause = LARGE_TARGET_CHARS / LARGE_CLAUSE_COUNT;

  const older: Clause[] = [];
  const newer: Clause[] = [];
  for (let k = 0; k < LARGE_CLAUSE_COUNT; k++) {
    const id = `b${String(k + 1).padStart(3, "0")}`;
    const first = v1.clauses[k % v1.clauses.length]!;
    let olderBody = "";
    let newerBody = "";
    for (let j = k; olderBody.length < charsPerClause; j++) {
      const source = v1.clauses[j % v1.clauses.length]!;
      olderBody += source.body;
      newerBody += v2ById.get(source.id)?.body ?? source.body; // a clause v2 deleted keeps its v1 text here
    }
    older.push({ id, topic: first.topic, title: `${first.title}（${k + 1}）`, body: olderBody });
    const perturbed = random() < PERTURBED_SHARE ? perturb(newerBody, random) : newerBody;
    newer.push({ id, topic: first.topic, title: `${v2ById.get(first.id)?.title ?? first.title}（${k + 1}）`, body: perturbed });
  }

  const pick = () => Math.floor(random() * newer.length);
  for (let i = 0; i < 3; i++) newer.splice(pick(), 1);
  for (let i = 0; i < 3; i++) {
    const source = v2.clauses[pick() % v2.clauses.length]!;
    newer.splice(pick(), 0, { ...source, id: `n${i + 1}`, body: source.body.repeat(Math.ceil(charsPerClause / source.body.length)) });
  }
  for (let i = 0; i < 2; i++) newer.splice(pick(), 0, ...newer.splice(pick(), 1));

  return { older: { title: v1.title, clauses: older }, newer: { title: v2.title, clauses: newer } };
}

/** Changes one figure and, half the time, drops one phrase (between two commas). */
function perturb(body: string, random: () => number): string {
  const figures = [...body.matchAll(/\d+(?:\.\d+)?/g)];
  let result = body;
  const figure = figures[Math.floor(random() * figures.length)];
  if (figure) {
    const changed = String(Math.max(1, Math.round(Number(figure[0]) * (0.5 + random()))));
    result = result.slice(0, figure.index) + changed + result.slice(figure.index + figure[0].length);
  }
  if (random() < 0.5) {
    const commas = [...result.matchAll(/，/g)].map((match) => match.index);
    const at = Math.floor(random() * (commas.length - 1));
    if (commas.length >= 2) result = result.slice(0, commas[at]) + result.slice(commas[at + 1]!);
  }
  return result;
}


