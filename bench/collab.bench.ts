import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { openSqliteDriver } from "~/db/driver.sqlite";
import { docStates, negotiations, participants, users } from "~/db/schema";
import v2 from "~/db/seed-data/agreement-v2.json";
import type { AgreementContent } from "~/shared/agreement";
import { documentFromAgreement, orderedClauses } from "~/shared/collab/docShape";
import { alternate, benchFigure, median, pairedFigure, PAIRS, type BenchFigure } from "./figure";
import { onServerCore, pinGenerator, pinning } from "./pinning";
import type { MemoryBreakdown, ProbeReply } from "./benchServer";

/**
 * Issue 3's load: simulated editors (real y-websocket providers) spread over many negotiations,
 * each typing a few characters a second, against our server and, in the same run, against a bare
 * y-protocols relay (bench/baselineRelay.ts: no auth, no persistence). Opening a negotiation after
 * 20,000 stored updates is bench/open.bench.ts.
 * Sizes: BENCH_EDITORS (1000), BENCH_NEGOTIATIONS (100), BENCH_SECONDS (20), BENCH_KEYS_PER_SECOND (2);
 * BENCH_PAIRS (3) alternated runs of ours and the relay, each on a fresh server process pinned to
 * its own core (bench/pinning.ts). Server CPU is the server child's own process.cpuUsage() (all its
 * threads), asked over IPC before and after the typing, so it does not move with the load
 * generator's noise; it is reported per relayed keystroke (sent and found in the peers' text).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const EDITORS = Number(process.env.BENCH_EDITORS ?? 1000);
const NEGOTIATIONS = Number(process.env.BENCH_NEGOTIATIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const KEYS_PER_SECOND = Number(process.env.BENCH_KEYS_PER_SECOND ?? 2);
const EDITOR_USERS = ["union.chief", "union.rep", "platform.chief", "platform.rep", "city.union"];
const SETTLE_MS = 3_000;
/** How long to wait for every document to unload (the server unloads 30 s after the last client). */
const UNLOAD_DEADLINE_MS = 120_000;
/** After unloading, RSS is read once it moved less than RSS_STEADY_MIB over RSS_STEADY_MS (bounded). */
const RSS_STEADY_MIB = 1;
const RSS_STEADY_MS = 5_000;
const RSS_SETTLE_DEADLINE_MS = 30_000;

const initialContent: AgreementContent = { title: v2.title, clauses: (v2.clauses as AgreementContent["clauses"]).slice(0, 3) };
const initialState = Y.encodeStateAsUpdate(documentFromAgreement(initialContent));

interface Target {
  url: string;
  process: ChildProcess;
  room(index: number): string;
  cookie(user: string): string | undefined;
  /** Resolves once the server holds no loaded document (ours); the relay never unloads. */
  unloaded?(): Promise<number>;
}

function spawnAndWait(args: string[], env: Record<string, string>, ipc = false): Promise<{ url: string; process: ChildProcess }> {
  // BENCH_SERVER_PROFILE=<folder>: a CPU profile of each server over the measured window only (bench/serverProfile.ts).
  const profile = process.env.BENCH_SERVER_PROFILE ? ["--import", "./bench/serverProfile.ts"] : [];
  const [command, commandArgs] = onServerCore(process.execPath, ["--import", "tsx", ...profile, ...args]);
  const child = spawn(command, commandArgs, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe", ...(ipc ? (["ipc"] as const) : [])] });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/serving at (http:\/\/\S+)/);
      if (m) resolve({ url: m[1].replace("localhost", "127.0.0.1"), process: child });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

function probe(child: ChildProcess, request: "probe" | "gc" = "probe"): Promise<ProbeReply> {
  return new Promise((resolve) => {
    child.once("message", (reply) => resolve(reply as ProbeReply));
    child.send(request);
  });
}

/** Polls the registry until it reports no loaded document; resolves with the seconds waited. */
async function waitForUnload(child: ChildProcess): Promise<number> {
  const start = Date.now();
  while ((await probe(child)).documents > 0) {
    if (Date.now() - start > UNLOAD_DEADLINE_MS) throw new Error(`documents still loaded after ${UNLOAD_DEADLINE_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return (Date.now() - start) / 1000;
}

/** RSS once it has stopped falling (V8 gives pages back a few seconds after the last GC), bounded. */
async function steadyRss(pid: number): Promise<number> {
  const start = Date.now();
  let last = procStatus(pid, "VmRSS");
  let since = Date.now();
  while (Date.now() - start < RSS_SETTLE_DEADLINE_MS) {
    await new Promise((r) => setTimeout(r, 500));
    const now = procStatus(pid, "VmRSS");
    if (Math.abs(now - last) >= RSS_STEADY_MIB) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= RSS_STEADY_MS) break;
  }
  return procStatus(pid, "VmRSS");
}

function procStatus(pid: number, field: "VmHWM" | "VmRSS"): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(field));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024; // MiB
}

/** One line of the server's memory breakdown: V8's spaces committed/used, then resident memory by mapping (MiB). */
function describeMemory(memory: MemoryBreakdown | undefined): string {
  if (!memory) return "not reported";
  const { committed, used, malloced, external } = memory.v8Total;
  const spaces = Object.entries(memory.v8)
    .filter(([, space]) => space.committed > 0)
    .map(([name, space]) => `${name.replace(/_space$/, "")} ${space.committed}/${space.used}`)
    .join(", ");
  const mappings = Object.entries(memory.smaps)
    .filter(([, mib]) => mib >= 0.1)
    .map(([kind, mib]) => `${kind} ${mib}`)
    .join(", ");
  return `V8 committed ${committed} MiB, used ${used} (${spaces}; malloced ${malloced}, external ${external}); resident by mapping: ${mappings}`;
}

/** The server child's process.cpuUsage() (user + system, all threads) in seconds, and its group commits so far (ours), over IPC. */
function serverCpu(child: ChildProcess): Promise<{ seconds: number; commits?: ProbeReply["commits"] }> {
  return new Promise((resolve) => {
    child.once("message", (reply) => {
      const { cpuMicros, commits } = reply as Partial<ProbeReply> & { cpuMicros: number };
      resolve({ seconds: cpuMicros / 1e6, commits });
    });
    child.send("cpu");
  });
}

async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/login`, { method: "POST", body: new URLSearchParams({ username, password: "tongshang-demo" }), redirect: "manual" });
  return r.headers.get("set-cookie")!.split(";")[0];
}

async function startOurs(dir: string): Promise<Target> {
  mkdirSync(dir, { recursive: true });
  const databasePath = join(dir, "bench.db");
  const { url, process: child } = await spawnAndWait(["--expose-gc", "bench/benchServer.ts"], {
    DATABASE_PATH: databasePath,
    PORT: "0",
    HOST: "127.0.0.1",
    TONGSHANG_DEMO: "1",
    SESSION_SECRET: "bench-secret-bench-secret-bench",
    NODE_ENV: "production",
  }, true);
  // More negotiations beside the demo one, each with the same five editors and a three-clause draft.
  // The bench server runs on this SQLite file (DATABASE_PATH above), so the setup opens the same file.
  const driver = openSqliteDriver(databasePath);
  const allUsers = await driver.db.select().from(users);
  const editorIds = EDITOR_USERS.map((u) => allUsers.find((row) => row.username === u)!);
  const demo = (await driver.db.select().from(negotiations).limit(1))[0]!;
  await driver.write(async (tx) => {
    for (let i = 0; i < NEGOTIATIONS; i++) {
      const id = `bench-${i}`;
      await tx.insert(negotiations).values({ ...demo, id, title: `压测协商 ${i}`, createdAt: Date.now() });
      for (const [k, u] of editorIds.entries()) {
        await tx.insert(participants).values({ id: `bp-${i}-${k}`, negotiationId: id, userId: u.id, side: k < 2 || k === 4 ? "union" : "enterprise", role: k === 4 ? "higher_union" : k % 2 === 0 ? "chief" : "representative" });
      }
      await tx.insert(docStates).values({ negotiationId: id, state: Buffer.from(initialState), updatedAt: Date.now() });
    }
  });
  await driver.close();
  const cookies = new Map<string, string>();
  for (const u of EDITOR_USERS) cookies.set(u, await login(url, u));
  return { url, process: child, room: (i) => `bench-${i}`, cookie: (u) => cookies.get(u), unloaded: () => waitForUnload(child) };
}

async function startBaseline(): Promise<Target> {
  const { url, process: child } = await spawnAndWait(["bench/baselineRelay.ts"], {}, true);
  return { url, process: child, room: (i) => `bench-${i}`, cookie: () => undefined };
}

function socketWithCookie(cookie: string | undefined) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { Cookie: cookie } : {} });
    }
  };
}

interface LoadResult {
  p50: number;
  /** Server CPU (all its threads) during typing and settling, per keystroke relayed to the peers. */
  cpuPerKeystrokeUs: number;
  /** Seconds from the last client leaving until no document was loaded (ours). */
  unloadSeconds: number;
  p99: number;
  lost: number;
  sent: number;
  /** Negotiations whose every client ended with identical text. */
  converged: number;
  cpuSeconds: number;
  /** Server CPU over the typing and settling window's wall clock: near 1 the core is saturated (a regime, not a score). */
  busyShare: number;
  /** Updates stored per group commit during the window (ours; NaN for the relay, which stores nothing). */
  rowsPerCommit: number;
  peakRssMiB: number;
  idleRssMiB: number;
  afterRssMiB: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runLoad(target: Target): Promise<LoadResult> {
  const pid = target.process.pid!;
  const idleRssMiB = procStatus(pid, "VmRSS");
  const idleProbe = target.unloaded ? await probe(target.process) : undefined;
  const wsBase = target.url.replace(/^http/, "ws") + (target.cookie("union.chief") ? "/collab" : "");
  const editors = Array.from({ length: EDITORS }, (_, i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initialState);
    const user = EDITOR_USERS[Math.floor(i / NEGOTIATIONS) % EDITOR_USERS.length];
    const provider = new WebsocketProvider(wsBase, target.room(i % NEGOTIATIONS), doc, {
      WebSocketPolyfill: socketWithCookie(target.cookie(user)) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    return { index: i, negotiation: i % NEGOTIATIONS, doc, provider, body: () => orderedClauses(doc)[0].body };
  });
  const deadline = Date.now() + 120_000;
  while (editors.some((e) => !e.provider.synced)) {
    if (Date.now() > deadline) throw new Error("editors did not sync");
    await new Promise((r) => setTimeout(r, 100));
  }

  // One watcher per negotiation measures keystroke-to-peer latency of everyone else's tokens.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const watcher of editors.slice(0, NEGOTIATIONS)) {
    watcher.body().observe((event) => {
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== "string") continue;
        for (const m of op.insert.matchAll(/⟨(\d+)\.(\d+)⟩/g)) {
          const t = sentAt.get(m[0]);
          if (t !== undefined && Number(m[1]) !== watcher.index) latencies.push(now - t);
        }
      }
    });
  }

  const cpuBefore = await serverCpu(target.process);
  const windowStart = performance.now();
  const perEditorMs = 1000 / KEYS_PER_SECOND;
  const timers: NodeJS.Timeout[] = [];
  const sentPerNegotiation = new Array<number>(NEGOTIATIONS).fill(0);
  let sequence = 0;
  for (const e of editors) {
    const start = setTimeout(() => {
      timers.push(
        setInterval(() => {
          const token = `⟨${e.index}.${sequence++}⟩`;
          sentAt.set(token, performance.now());
          sentPerNegotiation[e.negotiation]++;
          e.body().insert(0, token);
        }, perEditorMs),
      );
    }, Math.random() * perEditorMs);
    timers.push(start);
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const cpuAfter = await serverCpu(target.process);
  const cpu = cpuAfter.seconds - cpuBefore.seconds;
  const busyShare = cpu / ((performance.now() - windowStart) / 1000);
  const [commitsBefore, commitsAfter] = [cpuBefore.commits, cpuAfter.commits];
  const rowsPerCommit = commitsBefore && commitsAfter ? (commitsAfter.rows - commitsBefore.rows) / (commitsAfter.commits - commitsBefore.commits) : Number.NaN;
  const peakRssMiB = procStatus(pid, "VmHWM");

  let lost = 0;
  let converged = 0;
  for (let n = 0; n < NEGOTIATIONS; n++) {
    const group = editors.filter((e) => e.negotiation === n);
    const text = group[0].body().toString();
    lost += Math.max(0, sentPerNegotiation[n] - (text.match(/⟨\d+\.\d+⟩/g)?.length ?? 0));
    if (group.every((e) => e.body().toString() === text)) converged++;
  }
  for (const e of editors) {
    e.provider.destroy();
    e.doc.destroy();
  }
  const unloadSeconds = target.unloaded ? await target.unloaded() : 0;
  const afterRssMiB = await steadyRss(pid);
  if (target.unloaded) {
    // Not a figure: where the memory that stays lives, for whoever chases it next.
    const { retained, memoryMiB, breakdownMiB } = await probe(target.process);
    const collected = await probe(target.process, "gc");
    console.error(
      `collab bench: after unloading, registry holds ${JSON.stringify(retained)}; memory (MiB) ${JSON.stringify(memoryMiB)}; after a forced full GC ${JSON.stringify(collected.memoryMiB)}; idle before: ${JSON.stringify(idleProbe?.memoryMiB)}`,
    );
    console.error(`collab bench: where RSS lives, idle before: ${describeMemory(idleProbe?.breakdownMiB)}`);
    console.error(`collab bench: where RSS lives, after unloading: ${describeMemory(breakdownMiB)}`);
    console.error(`collab bench: where RSS lives, after the forced GC: ${describeMemory(collected.breakdownMiB)}`);
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost,
    sent: sequence,
    converged,
    cpuSeconds: cpu,
    busyShare,
    rowsPerCommit,
    cpuPerKeystrokeUs: sequence - lost <= 0 ? Number.NaN : (cpu * 1e6) / (sequence - lost),
    unloadSeconds,
    peakRssMiB,
    idleRssMiB,
    afterRssMiB,
  };
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "tongshang-bench-"));
  const unpin = pinGenerator();
  try {
    // A B A B…: each run on a fresh server process, so no run inherits another's heap or log.
    let round = 0;
    const runs = await alternate(
      async () => {
        const target = await startOurs(join(dir, `ours-${round++}`));
        try {
          return await runLoad(target);
        } finally {
          target.process.kill("SIGTERM");
        }
      },
      async () => {
        const target = await startBaseline();
        try {
          return await runLoad(target);
        } finally {
          target.process.kill("SIGKILL");
        }
      },
    );
    const pairs = (pick: (result: LoadResult) => number) => runs.map((pair) => ({ ours: pick(pair.ours), baseline: pick(pair.baseline) }));
    const total = (side: "ours" | "baseline", pick: (result: LoadResult) => number) => runs.reduce((sum, pair) => sum + pick(pair[side]), 0);
    const sent = (side: "ours" | "baseline") => runs.map((pair) => pair[side].sent).join(", ");
    const idle = median(runs.map((pair) => pair.ours.idleRssMiB));
    const unloaded = median(runs.map((pair) => pair.ours.unloadSeconds));
    // Each figure names its load, so every printed line stands on its own (contract: one line per figure).
    const load = `${EDITORS} editors / ${NEGOTIATIONS} negotiations / ${KEYS_PER_SECOND} keys/s / ${SECONDS}s, ${PAIRS} alternated pairs, ${pinning.enabled ? "pinned" : "unpinned"}`;
    const relay = "bare y-protocols relay";
    return [
      pairedFigure(`collab keystroke-to-peer latency p50 (${load})`, "ms", relay, pairs((r) => r.p50)),
      pairedFigure(`collab keystroke-to-peer latency p99 (${load})`, "ms", relay, pairs((r) => r.p99)),
      pairedFigure(`collab server CPU per relayed keystroke (process.cpuUsage of the server, all threads), durable writes and every check (${load})`, "µs", relay, pairs((r) => r.cpuPerKeystrokeUs)),
      benchFigure(`collab lost updates, all runs (ours sent ${sent("ours")}; baseline sent ${sent("baseline")})`, total("ours", (r) => r.lost), "updates", relay, total("baseline", (r) => r.lost)),
      benchFigure(`collab negotiations whose clients all converged, all runs, of ${NEGOTIATIONS * PAIRS}`, total("ours", (r) => r.converged), "negotiations", relay, total("baseline", (r) => r.converged)),
      pairedFigure("collab server CPU during load", "s", relay, pairs((r) => r.cpuSeconds)),
      // The regime the CPU figure was taken in: a load generator that cannot keep up sends in
      // bursts and each group commit's fixed cost (a WAL append) is shared by ~100 updates; smooth
      // arrivals make commits of a few and the ratio to the relay rises (figures: README, Benchmarks).
      pairedFigure(
        `collab server busy share of its core during the load (CPU s per wall s; ours stored ${runs.map((pair) => pair.ours.rowsPerCommit.toFixed(1)).join(", ")} updates per group commit)`,
        "of a core",
        relay,
        pairs((r) => r.busyShare),
      ),
      pairedFigure("collab server peak RSS", "MiB", relay, pairs((r) => r.peakRssMiB)),
      pairedFigure(
        `collab server RSS after everyone left and every document unloaded (after ${unloaded.toFixed(0)} s; idle before: ${idle.toFixed(0)} MiB, ratio to idle ${(median(runs.map((pair) => pair.ours.afterRssMiB / pair.ours.idleRssMiB))).toFixed(2)})`,
        "MiB",
        relay,
        pairs((r) => r.afterRssMiB),
      ),
    ];
  } finally {
    unpin();
    rmSync(dir, { recursive: true, force: true });
  }
}
