import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { openDatabase } from "../db/client";
import { docStates, negotiations, participants, users } from "../db/schema";
import v2 from "../db/seed-data/agreement-v2.json";
import type { AgreementContent } from "../shared/agreement";
import { documentFromAgreement, orderedClauses } from "../shared/collab/docShape";
import { sql } from "drizzle-orm";
import { DocPersistence } from "../server/collab/persistence";
import { SharedDocument } from "../server/collab/sharedDocument";
import { benchFigure, type BenchFigure } from "./figure";

/**
 * Issue 3's load: simulated editors (real y-websocket providers) spread over many negotiations,
 * each typing a few characters a second, against our server and, in the same run, against a bare
 * y-protocols relay (bench/baselineRelay.ts: no auth, no persistence). Plus: opening a negotiation
 * with 20,000 stored updates against applying its compacted state.
 * Sizes: BENCH_EDITORS (1000), BENCH_NEGOTIATIONS (100), BENCH_SECONDS (20), BENCH_KEYS_PER_SECOND (2).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const EDITORS = Number(process.env.BENCH_EDITORS ?? 1000);
const NEGOTIATIONS = Number(process.env.BENCH_NEGOTIATIONS ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const KEYS_PER_SECOND = Number(process.env.BENCH_KEYS_PER_SECOND ?? 2);
const EDITOR_USERS = ["union.chief", "union.rep", "platform.chief", "platform.rep", "city.union"];
const SETTLE_MS = 3_000;

const initialContent: AgreementContent = { title: v2.title, clauses: (v2.clauses as AgreementContent["clauses"]).slice(0, 3) };
const initialState = Y.encodeStateAsUpdate(documentFromAgreement(initialContent));

interface Target {
  url: string;
  process: ChildProcess;
  room(index: number): string;
  cookie(user: string): string | undefined;
}

function spawnAndWait(args: string[], env: Record<string, string>): Promise<{ url: string; process: ChildProcess }> {
  const profile = process.env.BENCH_SERVER_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
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

function procStatus(pid: number, field: "VmHWM" | "VmRSS"): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith(field));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024; // MiB
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/login`, { method: "POST", body: new URLSearchParams({ username, password: "tongshang-demo" }), redirect: "manual" });
  return r.headers.get("set-cookie")!.split(";")[0];
}

async function startOurs(dir: string): Promise<Target> {
  const databasePath = join(dir, "bench.db");
  const { url, process: child } = await spawnAndWait(["server/index.ts"], {
    DATABASE_PATH: databasePath,
    PORT: "0",
    HOST: "127.0.0.1",
    TONGSHANG_DEMO: "1",
    SESSION_SECRET: "bench-secret-bench-secret-bench",
    NODE_ENV: "production",
  });
  // More negotiations beside the demo one, each with the same five editors and a three-clause draft.
  const { db, close } = openDatabase(databasePath);
  const editorIds = EDITOR_USERS.map((u) => db.select().from(users).all().find((row) => row.username === u)!);
  const demo = db.select().from(negotiations).get()!;
  for (let i = 0; i < NEGOTIATIONS; i++) {
    const id = `bench-${i}`;
    db.insert(negotiations).values({ ...demo, id, title: `压测协商 ${i}`, createdAt: Date.now() }).run();
    editorIds.forEach((u, k) =>
      db.insert(participants).values({ id: `bp-${i}-${k}`, negotiationId: id, userId: u.id, side: k < 2 || k === 4 ? "union" : "enterprise", role: k === 4 ? "higher_union" : k % 2 === 0 ? "chief" : "representative" }).run(),
    );
    db.insert(docStates).values({ negotiationId: id, state: Buffer.from(initialState), updatedAt: Date.now() }).run();
  }
  close();
  const cookies = new Map<string, string>();
  for (const u of EDITOR_USERS) cookies.set(u, await login(url, u));
  return { url, process: child, room: (i) => `bench-${i}`, cookie: (u) => cookies.get(u) };
}

async function startBaseline(): Promise<Target> {
  const { url, process: child } = await spawnAndWait(["bench/baselineRelay.ts"], {});
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
  p99: number;
  lost: number;
  sent: number;
  /** Negotiations whose every client ended with identical text. */
  converged: number;
  cpuSeconds: number;
  peakRssMiB: number;
  idleRssMiB: number;
  afterRssMiB: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runLoad(target: Target, waitForUnloadMs: number): Promise<LoadResult> {
  const pid = target.process.pid!;
  const idleRssMiB = procStatus(pid, "VmRSS");
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

  const cpuBefore = cpuSeconds(pid);
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
  const cpu = cpuSeconds(pid) - cpuBefore;
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
  await new Promise((r) => setTimeout(r, waitForUnloadMs));
  const afterRssMiB = procStatus(pid, "VmRSS");
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost, sent: sequence, converged, cpuSeconds: cpu, peakRssMiB, idleRssMiB, afterRssMiB };
}

/**
 * Opening a negotiation whose 20,000 edits were stored through the real pipeline (SharedDocument:
 * append each update, compact every COMPACT_AFTER_UPDATES), against applying its compacted state;
 * and, for honesty, the worst case of a raw uncompacted log of 20,000 rows.
 */
function measureOpen(dir: string): { pipelineMs: number; rawLogMs: number; compactedMs: number; storedRows: number } {
  const { db, close } = openDatabase(join(dir, "open.db"));
  const persistence = new DocPersistence(db);
  db.run(sql`INSERT INTO organisations (id, name, kind, level) VALUES ('o', 'o', 'union', 'x')`);
  for (const id of ["long", "raw"]) {
    db.insert(negotiations).values({ id, title: id, scope: "sector", mode: "standard", unionOrgId: "o", enterpriseOrgId: "o", proposedBySide: "union", proposedOn: "2026-11-01" }).run();
  }
  const shared = new SharedDocument("long", persistence, { locked: false });
  const origin = { userId: null, label: "bench" };
  Y.applyUpdate(shared.doc, initialState, origin);
  const body = orderedClauses(shared.doc)[0].body;
  const raw = new Y.Doc();
  raw.on("update", (u: Uint8Array) => persistence.append("raw", u, { userId: null, origin: "bench" }));
  Y.applyUpdate(raw, initialState);
  const rawBody = orderedClauses(raw)[0].body;
  db.transaction(() => {
    for (let i = 0; i < 20_000; i++) {
      shared.doc.transact(() => body.insert(i % 7 === 0 ? 0 : body.length, "字"), origin);
      rawBody.insert(i % 7 === 0 ? 0 : rawBody.length, "字");
    }
  });
  shared.flushPending();
  const storedRows = persistence.pendingCount("long");
  const compacted = Y.encodeStateAsUpdate(shared.doc);
  // Each path runs twice untimed first, so neither is measured with a cold JIT.
  const median = (fn: () => void, rounds = 7) => {
    fn();
    fn();
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      fn();
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)];
  };
  const pipelineMs = median(() => persistence.load("long", new Y.Doc(), null));
  const rawLogMs = median(() => persistence.load("raw", new Y.Doc(), null));
  const compactedMs = median(() => Y.applyUpdate(new Y.Doc(), compacted));
  close();
  return { pipelineMs, rawLogMs, compactedMs, storedRows };
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "tongshang-bench-"));
  try {
    const open = measureOpen(dir);
    const baselineTarget = await startBaseline();
    const baseline = await runLoad(baselineTarget, 1_000);
    baselineTarget.process.kill("SIGKILL");
    const oursTarget = await startOurs(dir);
    // Documents unload 30 s after their last client leaves; wait that out before reading RSS.
    const ours = await runLoad(oursTarget, 35_000);
    oursTarget.process.kill("SIGTERM");
    // Each figure names its load, so every printed line stands on its own (contract: one line per figure).
    const load = `${EDITORS} editors / ${NEGOTIATIONS} negotiations / ${KEYS_PER_SECOND} keys/s / ${SECONDS}s`;
    return [
      benchFigure(`collab keystroke-to-peer latency p50 (${load})`, ours.p50, "ms", "bare y-protocols relay", baseline.p50),
      benchFigure(`collab keystroke-to-peer latency p99 (${load})`, ours.p99, "ms", "bare y-protocols relay", baseline.p99),
      benchFigure(`collab lost updates of ${ours.sent} keystrokes (baseline sent ${baseline.sent})`, ours.lost, "updates", "bare y-protocols relay", baseline.lost),
      benchFigure(`collab negotiations whose clients all converged, of ${NEGOTIATIONS}`, ours.converged, "negotiations", "bare y-protocols relay", baseline.converged),
      benchFigure("collab server CPU during load", ours.cpuSeconds, "s", "bare y-protocols relay", baseline.cpuSeconds),
      benchFigure("collab server peak RSS", ours.peakRssMiB, "MiB", "bare y-protocols relay", baseline.peakRssMiB),
      benchFigure("collab server RSS after everyone left (idle before: " + ours.idleRssMiB.toFixed(0) + " MiB)", ours.afterRssMiB, "MiB", "bare y-protocols relay", baseline.afterRssMiB),
      benchFigure(`open negotiation after 20,000 edits (log holds ${open.storedRows} rows after compaction)`, open.pipelineMs, "ms", "applying its compacted state", open.compactedMs),
      benchFigure("open a raw uncompacted log of 20,000 updates (worst case)", open.rawLogMs, "ms", "applying its compacted state", open.compactedMs),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
