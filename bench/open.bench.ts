/**
 * Opening a negotiation after a long day's edits: 20,000 one-character edits stored through the
 * real pipeline (SharedDocument: group-commit each burst, compact at its compactionThreshold),
 * timed when its log is longest (one row short of the next fold), against applying its compacted
 * state; and, for honesty, the worst case of a raw uncompacted log of 20,000 rows (a process killed
 * before it could compact). Alternated rounds, ours then the
 * baseline, each contender the median of TIMED_RUNS opens per round.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import * as Y from "yjs";
import { openSqliteDriver } from "~/db/driver.sqlite";
import { rawRun } from "~/db/raw";
import { negotiations } from "~/db/schema";
import v2 from "~/db/seed-data/agreement-v2.json";
import type { AgreementContent } from "~/shared/agreement";
import { documentFromAgreement, orderedClauses } from "~/shared/collab/docShape";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { compactionThreshold } from "~/server/collab/compactionThreshold";
import { DocPersistence } from "~/server/collab/persistence";
import { SharedDocument } from "~/server/collab/sharedDocument";
import { median, PAIRS, pairedFigure, timeRunAsync, type BenchFigure, type Pair } from "./figure";

export const EDITS = 20_000;
/** Opens per contender per round; the round's figure is their median. */
export const TIMED_RUNS = 5;
/** Rounds of ours-then-baseline: the "median of 5". */
const ROUNDS = Math.max(5, PAIRS);
/** Setup edits per group commit: a burst of typing between two commits. */
const SETUP_BURST = 50;
/**
 * The pipeline's document: one whose name gives it the longest log there is between folds
 * (compactionThreshold at its ceiling), so the figure is the worst the pipeline keeps.
 */
const LONG = Array.from({ length: 100_000 }, (_, i) => `long-${i}`).find((key) => compactionThreshold(key) === COLLAB_DEFAULTS.compactAfterUpdates)!;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

const initialContent: AgreementContent = { title: v2.title, clauses: (v2.clauses as AgreementContent["clauses"]).slice(0, 3) };

/** Waits until a compaction in flight has finished: the log's row count holds still for a while. */
async function logSettled(persistence: DocPersistence, key: string, pollMs = 20): Promise<void> {
  let last = -1;
  for (let still = 0, polls = 0; still < 3 && polls < 500; polls++) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const rows = await persistence.pendingCount(key);
    still = rows === last ? still + 1 : 0;
    last = rows;
  }
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "tongshang-open-"));
  // A SQLite file on purpose: the figure is SQLite's open time (the measurement).
  const driver = openSqliteDriver(join(dir, "open.db"));
  try {
    const persistence = new DocPersistence(driver);
    await driver.write(async (tx) => {
      await rawRun(tx, sql`INSERT INTO organisations (id, name, kind, level) VALUES ('o', 'o', 'union', 'x')`);
      for (const id of [LONG, "raw"]) {
        await tx.insert(negotiations).values({ id, title: id, scope: "sector", mode: "standard", unionOrgId: "o", enterpriseOrgId: "o", proposedBySide: "union", proposedOn: "2026-11-01" });
      }
    });
    const initialState = Y.encodeStateAsUpdate(documentFromAgreement(initialContent));
    const shared = await SharedDocument.open(LONG, persistence, { locked: false });
    const origin = { userId: null, label: "bench" };
    Y.applyUpdate(shared.doc, initialState, origin);
    const body = orderedClauses(shared.doc)[0]!.body;
    const raw = new Y.Doc();
    // Kept so the setup's write awaits every append (the persistence's writes are async).
    const rawAppends: Promise<unknown>[] = [];
    raw.on("update", (u: Uint8Array) => rawAppends.push(Promise.resolve(persistence.append("raw", u, { userId: null, origin: "bench" }))));
    Y.applyUpdate(raw, initialState);
    const rawBody = orderedClauses(raw)[0]!.body;
    // The pipeline's edits arrive as they would from editors: a burst, then its group commit, and
    // compaction runs as it does in service. Inside one driver.write the compaction could not
    // flush (it refuses to wait on its own transaction) and the log would stay raw.
    const insertAt = (i: number, length: number) => (i % 7 === 0 ? 0 : length);
    for (let i = 0; i < EDITS; i++) {
      shared.doc.transact(() => body.insert(insertAt(i, body.length), "字"), origin);
      if (i % SETUP_BURST === SETUP_BURST - 1) await shared.flushPending();
    }
    await shared.flushPending();
    await logSettled(persistence, LONG);
    // Then the longest tail the pipeline keeps: edits, each committed, until the log holds one row
    // short of the next compaction (a compaction meanwhile empties it and the count starts again).
    const longestTail = compactionThreshold(LONG) - 1;
    let tailEdits = 0;
    for (; tailEdits < 2 * COLLAB_DEFAULTS.compactAfterUpdates && (await persistence.pendingCount(LONG)) < longestTail; tailEdits++) {
      const i = tailEdits;
      shared.doc.transact(() => body.insert(insertAt(i, body.length), "字"), origin);
      await shared.flushPending();
      await logSettled(persistence, LONG, 0);
    }
    // The raw log: one transaction around all its appends (each append's write joins it).
    await driver.write(async () => {
      for (let i = 0; i < EDITS; i++) rawBody.insert(insertAt(i, rawBody.length), "字");
      await Promise.all(rawAppends);
    });
    const storedRows = await persistence.pendingCount(LONG);
    const rawRows = await persistence.pendingCount("raw");
    const compacted = Y.encodeStateAsUpdate(shared.doc);

    const openPipeline = async () => persistence.load(LONG, new Y.Doc(), null);
    const openRaw = async () => persistence.load("raw", new Y.Doc(), null);
    // Timed the same way as the loads (awaited), so the baseline pays the same await.
    const applyCompacted = async () => Y.applyUpdate(new Y.Doc(), compacted);
    // Each path runs twice untimed first, so none is measured with a cold JIT.
    for (const warm of [openPipeline, openRaw, applyCompacted]) await warm(), await warm();
    const timed = async (task: () => Promise<unknown>) => {
      const runs: { wallMs: number; cpuMs: number }[] = [];
      for (let k = 0; k < TIMED_RUNS; k++) runs.push(await timeRunAsync(task));
      return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
    };

    const rounds: { pipeline: Timing; raw: Timing; compacted: Timing; compactedAgain: Timing }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push({ pipeline: await timed(openPipeline), compacted: await timed(applyCompacted), raw: await timed(openRaw), compactedAgain: await timed(applyCompacted) });
    }
    const pairs = (ours: "pipeline" | "raw", measure: keyof Timing): Pair[] =>
      rounds.map((round) => ({ ours: round[ours][measure], baseline: round[ours === "pipeline" ? "compacted" : "compactedAgain"][measure] }));
    const label = `median of ${TIMED_RUNS} per round, ${ROUNDS} alternated rounds`;
    const pipelineName = `open negotiation after ${EDITS.toLocaleString("en")} edits and ${tailEdits} more (log holds ${storedRows} rows since the last compaction, the longest the pipeline keeps; ${label})`;
    const rawName = `open a raw uncompacted log of ${rawRows.toLocaleString("en")} updates (worst case; ${label})`;
    const baseline = "applying its compacted state";
    return [
      pairedFigure(`${pipelineName}, wall clock`, "ms", baseline, pairs("pipeline", "wallMs")),
      pairedFigure(`${pipelineName}, CPU time`, "ms", baseline, pairs("pipeline", "cpuMs")),
      pairedFigure(`${rawName}, wall clock`, "ms", baseline, pairs("raw", "wallMs")),
      pairedFigure(`${rawName}, CPU time`, "ms", baseline, pairs("raw", "cpuMs")),
    ];
  } finally {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
