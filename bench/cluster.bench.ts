import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { openDriver } from "~/db/openDriver";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";
import { docStates, negotiations, participants } from "~/db/schema";
import { DocPersistence } from "~/server/collab/persistence";
import { freePort } from "~/tests/setup/childServer";
import { connectPeer, synced, waitFor, type TestPeer } from "~/tests/setup/collabClient";
import { DEMO_NEGOTIATION, login } from "~/tests/setup/server";
import { startNginx, startNode, startRedis, upstreamFor, type AppNode, type Child, type Nginx } from "~/tests/cluster/processes";
import type { TypistOrder, TypistReport } from "./clusterTypists";
import { pairedFigure, PAIRS, type BenchFigure, type Pair } from "./figure";

/**
 * Issue 16's figures, in one run on this machine: keystroke-to-peer latency (p50, p99) and the
 * commit rate for one node on SQLite, one node on PostgreSQL, and two nodes on PostgreSQL + Redis
 * with the typists split over the nodes and each negotiation's reader on one of them; and the
 * failover time from a SIGKILL of the node nginx routes a negotiation to until every one of its
 * reconnected peers has synced again.
 *
 * Load: BENCH_CLUSTER_EDITORS (200) real y-websocket providers spread over
 * BENCH_CLUSTER_NEGOTIATIONS (20) copies of the demo negotiation — a bargaining table has a
 * handful of editors, not hundreds — each typing BENCH_CLUSTER_KEYS_PER_SECOND (2) marks a second
 * for BENCH_CLUSTER_SECONDS (8), plus one reader per negotiation. The peers live in
 * BENCH_CLUSTER_GENERATORS (2) load-generator processes (bench/clusterTypists.ts), each holding
 * whole negotiations, so a mark's send and arrival are timed on one clock; the same processes serve
 * every run (fresh peers, so fresh client ids, each run). Half of each
 * negotiation's typists are on the "far" side (the other node, in the cross-node case); the reader
 * times their marks. Failover: BENCH_CLUSTER_FAILOVER_PEERS (12) peers through nginx. Runs
 * alternate SQLite, PostgreSQL, cluster (BENCH_PAIRS rounds, after one unmeasured warm-up round of each); each ratio is against same-node
 * SQLite's run of the same round, its spread over the rounds. Nothing is pinned (four servers and
 * the generators share the cores).
 */
const EDITORS = Number(process.env.BENCH_CLUSTER_EDITORS ?? 200);
const NEGOTIATIONS = Number(process.env.BENCH_CLUSTER_NEGOTIATIONS ?? 20);
const GENERATORS = Number(process.env.BENCH_CLUSTER_GENERATORS ?? 2);
const KEYS_PER_SECOND = Number(process.env.BENCH_CLUSTER_KEYS_PER_SECOND ?? 2);
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 8);
const FAILOVER_PEERS = Number(process.env.BENCH_CLUSTER_FAILOVER_PEERS ?? 12);
const USERS = ["union.chief", "union.rep", "platform.chief", "platform.rep", "city.union"];
const TYPISTS = join(dirname(fileURLToPath(import.meta.url)), "clusterTypists.ts");

interface Setup {
  /** Where the typists of the far half connect, and where the other half and the reader do. */
  far: string;
  near: string;
  cookies: Record<string, string>;
  /** The server processes serving them (one or two), whose CPU time a run reads. */
  pids: number[];
}

interface Run {
  p50: number;
  p99: number;
  /** Keystrokes committed and relayed to the readers per second (a relay follows the commit). */
  commitsPerSecond: number;
  /** The servers' CPU time (user + system, all nodes) per keystroke relayed to the readers, µs. */
  cpuPerKeystrokeUs: number;
}

/** A process's CPU time so far (utime + stime from /proc), seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  // After the command name: state is field 3, utime 14 and stime 15 (proc(5)), here 0-based 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
/** USER_HZ: 100 on Linux for every architecture Node runs on. */
const CLOCK_TICKS = 100;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The bench's negotiations: copies of the demo one (its seats and its live draft), on `driver`'s database. */
async function addNegotiations(config: { databasePath?: string; databaseUrl?: string }): Promise<string[]> {
  const driver = await openDriver({ databasePath: config.databasePath ?? ":memory:", databaseUrl: config.databaseUrl });
  try {
    const [demo] = await driver.db.select().from(negotiations).where(eq(negotiations.id, DEMO_NEGOTIATION));
    const seats = await driver.db.select().from(participants).where(eq(participants.negotiationId, DEMO_NEGOTIATION));
    const draft = new Y.Doc();
    await new DocPersistence(driver).load(DEMO_NEGOTIATION, draft, null);
    const state = Buffer.from(Y.encodeStateAsUpdate(draft));
    const ids = Array.from({ length: NEGOTIATIONS }, (_, i) => `bench-cluster-${i}`);
    await driver.write(async (tx) => {
      for (const id of ids) {
        await tx.insert(negotiations).values({ ...demo!, id, title: `${demo!.title}（压测 ${id}）` });
        for (const seat of seats) await tx.insert(participants).values({ ...seat, id: `${seat.id}-${id}`, negotiationId: id });
        await tx.insert(docStates).values({ negotiationId: id, state, updatedAt: Date.now() });
      }
    });
    return ids;
  } finally {
    await driver.close();
  }
}

function message<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind: string }) => {
      if (m.kind !== kind) return;
      child.off("exit", onExit);
      child.off("message", onMessage);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`a load generator exited (${code}) before "${kind}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/**
 * The load-generator processes, started once and given one run after another: a fresh process's
 * first second is its JIT, and in a run of fresh ones the marks typed in that second were nearly
 * all of the slowest 1 % (the p99) for every setup alike.
 */
function startGenerators(): ChildProcess[] {
  return Array.from({ length: Math.min(GENERATORS, NEGOTIATIONS) }, () => fork(TYPISTS, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
}

/** One typing run: the negotiations dealt out to the generators, all connected before any types. */
async function typingRun(generators: ChildProcess[], setup: Setup, ids: string[], round: number): Promise<Run> {
  const editorsPer = Math.max(1, Math.round(EDITORS / ids.length));
  const ready = generators.map((g) => message(g, "ready"));
  generators.forEach((g, k) => {
    const order: TypistOrder = { kind: "order", negotiations: ids.filter((_, i) => i % generators.length === k), editorsPer, far: setup.far, near: setup.near, cookies: setup.cookies, keysPerSecond: KEYS_PER_SECOND, seconds: SECONDS, round };
    g.send(order);
  });
  await Promise.all(ready);
  const cpuBefore = setup.pids.reduce((t, pid) => t + cpuSeconds(pid), 0);
  const reports = generators.map((g) => message<TypistReport>(g, "report"));
  for (const g of generators) g.send({ kind: "go" });
  const all = await Promise.all(reports);
  const cpu = setup.pids.reduce((t, pid) => t + cpuSeconds(pid), 0) - cpuBefore;
  const missing = all.reduce((n, r) => n + r.missing, 0);
  if (missing > 0) throw new Error(`${missing} of ${all.reduce((n, r) => n + r.typedFar, 0)} keystrokes never reached their reader`);
  const latencies = all.flatMap((r) => r.latencies);
  const elapsed = Math.max(...all.map((r) => r.elapsedSeconds));
  const received = all.reduce((n, r) => n + r.received, 0);
  const result = { p50: percentile(latencies, 50), p99: percentile(latencies, 99), commitsPerSecond: received / elapsed, cpuPerKeystrokeUs: (cpu * 1e6) / received };
  // Not a figure: each run's own numbers, so a noisy round can be seen for what it is.
  const near = all.flatMap((r) => r.nearLatencies);
  console.error(`cluster bench: ${round === 0 ? "warm-up" : `round ${round}`} ${setup.far === setup.near ? setup.far : "cross-node"}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms (the reader's own node's half: ${percentile(near, 50).toFixed(1)} / ${percentile(near, 99).toFixed(1)} ms), ${result.commitsPerSecond.toFixed(0)} relayed/s over ${elapsed.toFixed(1)} s, ${result.cpuPerKeystrokeUs.toFixed(0)} µs server CPU each, load average ${loadavg()[0]!.toFixed(2)}`);
  return result;
}

/** Fresh peers through nginx until every one has synced: the time a failover is compared with. */
async function connectAll(nginx: Nginx, cookies: Record<string, string>): Promise<{ ms: number; peers: TestPeer[] }> {
  const started = performance.now();
  const peers = Array.from({ length: FAILOVER_PEERS }, (_, i) => connectPeer(nginx.url, DEMO_NEGOTIATION, cookies[USERS[i % USERS.length]!]));
  await Promise.all(peers.map((p) => synced(p, 60_000)));
  return { ms: performance.now() - started, peers };
}

/** SIGKILL of the node the negotiation hashes to; ms until every peer has synced again elsewhere. */
async function failover(nodes: AppNode[], nginx: Nginx, peers: TestPeer[]): Promise<{ ms: number; killed: AppNode }> {
  const port = await upstreamFor(nginx, DEMO_NEGOTIATION);
  const killed = nodes.find((n) => n.port === port);
  if (!killed) throw new Error(`nginx routes to ${port}, not a node of this cluster`);
  const resynced = new Set<TestPeer>();
  let lost = 0;
  for (const p of peers) {
    p.provider.on("sync", (isSynced: boolean) => {
      if (!isSynced) lost++;
      else resynced.add(p);
    });
  }
  const started = performance.now();
  await killed.kill();
  await waitFor(
    () => {
      if (lost === 0 && performance.now() - started > 5_000) throw new Error("no peer lost its connection: they were not on the node nginx named");
      return resynced.size === peers.length;
    },
    60_000,
    "every peer to resync after the kill",
  );
  if (lost < peers.length) throw new Error(`only ${lost} of ${peers.length} peers lost their connection: they were not all on the killed node`);
  return { ms: performance.now() - started, killed };
}

export async function run(): Promise<BenchFigure[]> {
  // y-websocket adds a process exit listener per provider: the failover's peers live here.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 2 * FAILOVER_PEERS + 20));
  const dir = mkdtempSync(join(tmpdir(), "ts-bench-cluster-"));
  const databases: string[] = [];
  const children: Child[] = [];
  const generators = startGenerators();
  try {
    const sqliteNode = await startNode({ id: "sqlite", port: await freePort(), databasePath: join(dir, "tongshang.db") });
    children.push(sqliteNode);
    databases.push(await createTestDatabase(), await createTestDatabase());
    const pgNode = await startNode({ id: "pg", port: await freePort(), databaseUrl: databases[0]! });
    children.push(pgNode);
    const redisPort = await freePort();
    children.push(await startRedis(redisPort));
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const ports = [await freePort(), await freePort()];
    const cluster: AppNode[] = [await startNode({ id: "a", port: ports[0]!, databaseUrl: databases[1]!, redisUrl })];
    cluster.push(await startNode({ id: "b", port: ports[1]!, databaseUrl: databases[1]!, redisUrl }));
    children.push(...cluster);

    const sqliteIds = await addNegotiations({ databasePath: join(dir, "tongshang.db") });
    const pgIds = await addNegotiations({ databaseUrl: databases[0]! });
    const clusterIds = await addNegotiations({ databaseUrl: databases[1]! });
    const cookiesOf = async (url: string) => Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await login(url, u)] as const)));
    const sqlite: Setup = { far: sqliteNode.url, near: sqliteNode.url, cookies: await cookiesOf(sqliteNode.url), pids: [sqliteNode.process.pid!] };
    const pg: Setup = { far: pgNode.url, near: pgNode.url, cookies: await cookiesOf(pgNode.url), pids: [pgNode.process.pid!] };
    const crossCookies = await cookiesOf(cluster[0]!.url);
    const cross: Setup = { far: cluster[0]!.url, near: cluster[1]!.url, cookies: crossCookies, pids: cluster.map((n) => n.process.pid!) };

    // One unmeasured round of each first: a fresh node's first load is its JIT, its pool's new
    // connections and their first plans (the cross-node p99 fell 77 → 38 → 15 ms over three
    // measured rounds of one quiet run without it, while same-node SQLite stayed at 5 ms).
    for (const [setup, ids] of [[sqlite, sqliteIds], [pg, pgIds], [cross, clusterIds]] as const) await typingRun(generators, setup, ids, 0);
    const rounds: Array<{ sqlite: Run; pg: Run; cross: Run }> = [];
    for (let round = 1; round <= PAIRS; round++) {
      rounds.push({ sqlite: await typingRun(generators, sqlite, sqliteIds, round), pg: await typingRun(generators, pg, pgIds, round), cross: await typingRun(generators, cross, clusterIds, round) });
    }
    const pairs = (pick: (r: { sqlite: Run; pg: Run; cross: Run }) => number, of: (r: { sqlite: Run; pg: Run; cross: Run }) => number): Pair[] =>
      rounds.map((r) => ({ ours: pick(r), baseline: of(r) }));
    const base = `same-node SQLite, ${EDITORS} editors in ${NEGOTIATIONS} negotiations × ${KEYS_PER_SECOND}/s, ${GENERATORS} load-generator processes`;

    // Failover, alternated with its baseline: fresh peers connecting through nginx and syncing.
    // A fresh nginx each round, so no memory of the last round's failed node moves the hash.
    const failovers: Pair[] = [];
    for (let round = 0; round < PAIRS; round++) {
      const roundNginx = await startNginx(ports);
      const fresh = await connectAll(roundNginx, crossCookies);
      for (const p of fresh.peers) p.destroy();
      const { peers } = await connectAll(roundNginx, crossCookies);
      try {
        const { ms, killed } = await failover(cluster, roundNginx, peers);
        failovers.push({ ours: ms, baseline: fresh.ms });
        const index = cluster.indexOf(killed);
        cluster[index] = await startNode({ id: `${killed.id}r${round}`, port: killed.port, databaseUrl: databases[1]!, redisUrl });
        children.push(cluster[index]!);
      } finally {
        for (const p of peers) p.destroy();
        await roundNginx.kill();
      }
    }

    return [
      pairedFigure("cluster: keystroke-to-peer p50, cross-node PostgreSQL + Redis", "ms", base, pairs((r) => r.cross.p50, (r) => r.sqlite.p50)),
      pairedFigure("cluster: keystroke-to-peer p99, cross-node PostgreSQL + Redis", "ms", base, pairs((r) => r.cross.p99, (r) => r.sqlite.p99)),
      pairedFigure("cluster: keystroke-to-peer p50, same-node PostgreSQL", "ms", base, pairs((r) => r.pg.p50, (r) => r.sqlite.p50)),
      pairedFigure("cluster: keystroke-to-peer p99, same-node PostgreSQL", "ms", base, pairs((r) => r.pg.p99, (r) => r.sqlite.p99)),
      pairedFigure("cluster: keystrokes committed and relayed, cross-node PostgreSQL + Redis", "per s", base, pairs((r) => r.cross.commitsPerSecond, (r) => r.sqlite.commitsPerSecond)),
      pairedFigure("cluster: keystrokes committed and relayed, same-node PostgreSQL", "per s", base, pairs((r) => r.pg.commitsPerSecond, (r) => r.sqlite.commitsPerSecond)),
      pairedFigure("cluster: server CPU per relayed keystroke, both nodes, cross-node PostgreSQL + Redis", "µs", base, pairs((r) => r.cross.cpuPerKeystrokeUs, (r) => r.sqlite.cpuPerKeystrokeUs)),
      pairedFigure("cluster: server CPU per relayed keystroke, same-node PostgreSQL", "µs", base, pairs((r) => r.pg.cpuPerKeystrokeUs, (r) => r.sqlite.cpuPerKeystrokeUs)),
      pairedFigure(
        `cluster: failover, SIGKILL until all ${FAILOVER_PEERS} peers resynced through nginx`,
        "ms",
        `${FAILOVER_PEERS} fresh peers connecting through nginx until synced`,
        failovers,
      ),
    ];
  } finally {
    for (const g of generators) if (g.exitCode === null) g.kill("SIGKILL");
    await Promise.allSettled(children.map((c) => c.kill()));
    for (const url of databases) await dropTestDatabase(url).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
