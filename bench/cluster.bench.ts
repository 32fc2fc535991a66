import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type * as Y from "yjs";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";
import { orderedClauses } from "~/shared/collab/docShape";
import { freePort } from "~/tests/setup/childServer";
import { connectPeer, synced, waitFor, type TestPeer } from "~/tests/setup/collabClient";
import { DEMO_NEGOTIATION, login } from "~/tests/setup/server";
import { startNginx, startNode, startRedis, upstreamFor, type AppNode, type Child, type Nginx } from "~/tests/cluster/processes";
import { pairedFigure, PAIRS, type BenchFigure, type Pair } from "./figure";

/**
 * Issue 16's figures, in one run on this machine: keystroke-to-peer latency (p50, p99) and the
 * commit rate for one node on SQLite, one node on PostgreSQL, and two nodes on PostgreSQL + Redis
 * with the typist and the reader on different nodes; and the failover time from a SIGKILL of the
 * node nginx routes a negotiation to until every one of its reconnected peers has synced again.
 *
 * Size (2 shared cores, one load generator process): BENCH_CLUSTER_EDITORS (24) real y-websocket
 * providers in the demo negotiation, each typing BENCH_CLUSTER_KEYS_PER_SECOND (2) marks a second
 * for BENCH_CLUSTER_SECONDS (8); the issue's target of 200 editors is not feasible here (every
 * editor's update fans out to every other editor inside this one process). Half the editors type
 * on the "far" side (the other node, in the cross-node case) and one reader measures when their
 * marks arrive. Failover: BENCH_CLUSTER_FAILOVER_PEERS (12) peers through nginx. Runs alternate
 * SQLite, PostgreSQL, cluster (BENCH_PAIRS rounds); each ratio is against same-node SQLite's run of
 * the same round, its spread over the rounds. Servers are not pinned (four of them share 2 cores).
 */
const EDITORS = Number(process.env.BENCH_CLUSTER_EDITORS ?? 24);
const KEYS_PER_SECOND = Number(process.env.BENCH_CLUSTER_KEYS_PER_SECOND ?? 2);
const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 8);
const FAILOVER_PEERS = Number(process.env.BENCH_CLUSTER_FAILOVER_PEERS ?? 12);
const USERS = ["union.chief", "union.rep", "platform.chief", "platform.rep", "city.union"];
const MARK = /\[e\d+\.\d+\]/g;

interface Setup {
  /** Where the typists of the far half connect, and where the other half and the reader do. */
  far: string;
  near: string;
  cookies: Record<string, string>;
}

interface Run {
  p50: number;
  p99: number;
  /** Keystrokes committed and relayed to the reader per second (a relay follows the commit). */
  commitsPerSecond: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Everyone types into the draft's first clause, whatever the seed called it. */
function clauseText(doc: Y.Doc): Y.Text | undefined {
  return orderedClauses(doc)[0]?.body;
}

async function typingRun(setup: Setup, round: number): Promise<Run> {
  const peers: TestPeer[] = [];
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  try {
    const reader = connectPeer(setup.near, DEMO_NEGOTIATION, setup.cookies[USERS[0]!]);
    peers.push(reader);
    const editors = Array.from({ length: EDITORS }, (_, i) => {
      const user = USERS[i % USERS.length]!;
      const p = connectPeer(i % 2 === 0 ? setup.far : setup.near, DEMO_NEGOTIATION, setup.cookies[user]);
      peers.push(p);
      return p;
    });
    await Promise.all(peers.map((p) => synced(p, 60_000)));
    clauseText(reader.doc)!.observe((event) => {
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== "string") continue;
        for (const mark of op.insert.match(MARK) ?? []) {
          const at = sent.get(mark);
          if (at === undefined) continue;
          sent.delete(mark);
          latencies.push(now - at);
        }
      }
    });
    const started = performance.now();
    const timers = editors.map((p, i) => {
      let n = 0;
      const type = () => {
        const text = clauseText(p.doc);
        if (!text) return;
        const mark = `[e${i}.${round}${String(++n).padStart(4, "0")}]`;
        // Only the far half is measured: in the cross-node case those marks cross Redis.
        if (i % 2 === 0) sent.set(mark, performance.now());
        text.insert(text.length, mark);
      };
      // Spread over the interval, so the keystrokes do not arrive in lockstep.
      const period = 1000 / KEYS_PER_SECOND;
      let interval: NodeJS.Timeout | undefined;
      const first = setTimeout(() => {
        type();
        interval = setInterval(type, period);
      }, Math.random() * period);
      return () => {
        clearTimeout(first);
        clearInterval(interval);
      };
    });
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    for (const stop of timers) stop();
    const typedFar = latencies.length + sent.size;
    await waitFor(() => sent.size === 0, 30_000, "every measured keystroke to reach the reader").catch(() => undefined);
    if (sent.size > 0) throw new Error(`${sent.size} of ${typedFar} keystrokes never reached the reader`);
    const elapsed = (performance.now() - started) / 1000;
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), commitsPerSecond: (typedFar * 2) / elapsed };
  } finally {
    for (const p of peers) p.destroy();
  }
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
  // y-websocket adds a process exit listener per provider: this many providers are expected here.
  process.setMaxListeners(Math.max(process.getMaxListeners(), EDITORS + 2 * FAILOVER_PEERS + 20));
  const dir = mkdtempSync(join(tmpdir(), "ts-bench-cluster-"));
  const databases: string[] = [];
  const children: Child[] = [];
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

    const cookiesOf = async (url: string) => Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await login(url, u)] as const)));
    const sqlite: Setup = { far: sqliteNode.url, near: sqliteNode.url, cookies: await cookiesOf(sqliteNode.url) };
    const pg: Setup = { far: pgNode.url, near: pgNode.url, cookies: await cookiesOf(pgNode.url) };
    const crossCookies = await cookiesOf(cluster[0]!.url);
    const cross: Setup = { far: cluster[0]!.url, near: cluster[1]!.url, cookies: crossCookies };

    const rounds: Array<{ sqlite: Run; pg: Run; cross: Run }> = [];
    for (let round = 1; round <= PAIRS; round++) {
      rounds.push({ sqlite: await typingRun(sqlite, round), pg: await typingRun(pg, round), cross: await typingRun(cross, round) });
    }
    const pairs = (pick: (r: { sqlite: Run; pg: Run; cross: Run }) => number, of: (r: { sqlite: Run; pg: Run; cross: Run }) => number): Pair[] =>
      rounds.map((r) => ({ ours: pick(r), baseline: of(r) }));
    const base = `same-node SQLite, ${EDITORS} editors × ${KEYS_PER_SECOND}/s`;

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
      pairedFigure(
        `cluster: failover, SIGKILL until all ${FAILOVER_PEERS} peers resynced through nginx`,
        "ms",
        `${FAILOVER_PEERS} fresh peers connecting through nginx until synced`,
        failovers,
      ),
    ];
  } finally {
    await Promise.allSettled(children.map((c) => c.kill()));
    for (const url of databases) await dropTestDatabase(url).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
