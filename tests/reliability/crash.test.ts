import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { verifyChain } from "~/db/audit";
import { openSqliteDriver } from "~/db/driver.sqlite";
import { auditLog } from "~/db/schema";
import { DocPersistence } from "~/server/collab/persistence";
import { orderedClauses, readAgreement } from "~/shared/collab/docShape";
import { freePort, spawnServer, type ChildServer } from "../setup/childServer";
import { connectPeer, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login } from "../setup/server";
import { figure, prng, RELIABILITY, SEED } from "./config";

/**
 * Issue 8, crash and load: editors with real y-websocket providers type into the demo negotiation
 * while the server process is killed (SIGKILL) at random moments and restarted on the same port
 * and database, then stopped gracefully (SIGTERM) under the same load (ADR 003, SPEC C-4).
 */
const EDITING_USERS = ["union.chief", "union.rep", "platform.chief", "platform.rep", "city.union"];
const dir = mkdtempSync(join(tmpdir(), "tongshang-reliability-"));
const databasePath = join(dir, "tongshang.db");
const random = prng(SEED);
const peers: TestPeer[] = [];
const reconnects: number[][] = []; // per peer: times of closed connection attempts
let port = 0;
let child: ChildServer | undefined;
let typing: NodeJS.Timeout[] = [];
let lostAcrossRestarts = 0;
let seenBeforeKills = 0;

type StateVector = Map<number, number>;

function stateVector(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** For each Yjs client: the highest clock any *other* peer has received (only relayed, hence stored, updates). */
function seenByOthers(): StateVector {
  const seen: StateVector = new Map();
  for (const peer of peers) {
    for (const [client, clock] of stateVector(peer.doc)) {
      if (client !== peer.doc.clientID) seen.set(client, Math.max(seen.get(client) ?? 0, clock));
    }
  }
  return seen;
}

/**
 * Opens the database file while no server runs (recovering the WAL like a restart would) and reads what is stored.
 * SQLite-specific on purpose: the test kills the server with -9 and reopens its file, and reads
 * `integrity_check` from the raw handle, so it uses `openSqliteDriver` rather than `openDriver`.
 */
async function storedState(): Promise<{ sv: StateVector; integrity: unknown; agreementClauses: number }> {
  const driver = openSqliteDriver(databasePath);
  try {
    const doc = new Y.Doc();
    await new DocPersistence(driver).load(DEMO_NEGOTIATION, doc, null);
    return { sv: stateVector(doc), integrity: driver.sqlite.pragma("integrity_check", { simple: true }), agreementClauses: readAgreement(doc).clauses.length };
  } finally {
    await driver.close();
  }
}

function missing(seen: StateVector, stored: StateVector): number {
  let lost = 0;
  for (const [client, clock] of seen) lost += Math.max(0, clock - (stored.get(client) ?? 0));
  return lost;
}

function startTyping(): void {
  typing = peers.map((peer, i) => {
    const own = prng(SEED + i);
    return setInterval(() => {
      const clauses = orderedClauses(peer.doc);
      if (clauses.length === 0) return;
      const body = clauses[Math.floor(own() * clauses.length)].body;
      if (own() < 0.15 && body.length > 0) body.delete(Math.floor(own() * body.length), 1);
      else body.insert(Math.floor(own() * (body.length + 1)), "甲乙丙丁戊己庚辛壬癸"[i % 10]);
    }, RELIABILITY.typeIntervalMs + Math.floor(own() * 50));
  });
}

function stopTyping(): void {
  for (const timer of typing) clearInterval(timer);
  typing = [];
}

const allSynced = (timeoutMs = 60_000) => waitFor(() => peers.every((p) => p.provider.synced), timeoutMs, "every editor to resync");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function exportJson(): Promise<{ title: string; clauses: { id: string; topic: string; title: string; body: string }[] }> {
  const cookie = await login(child!.url, "union.legal");
  const response = await get(child!.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookie);
  expect(response.status).toBe(200);
  return (await response.json()) as never;
}

beforeAll(async () => {
  port = await freePort();
  child = await spawnServer(databasePath, { port });
  const cookies = await Promise.all(EDITING_USERS.map((u) => login(child!.url, u)));
  for (let i = 0; i < RELIABILITY.editors; i++) {
    const peer = connectPeer(child.url, DEMO_NEGOTIATION, cookies[i % cookies.length]);
    const times: number[] = [];
    reconnects.push(times);
    peer.provider.on("connection-close", () => times.push(Date.now()));
    peers.push(peer);
  }
  await allSynced();
}, 180_000);

afterAll(() => {
  stopTyping();
  for (const p of peers) p.destroy();
  child?.process.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe(`crash and restart under load (${RELIABILITY.editors} editors, seed ${SEED})`, () => {
  it(`C-4: SIGKILL at ${RELIABILITY.kills} random moments loses no update any peer had seen`, async () => {
    startTyping();
    for (let k = 0; k < RELIABILITY.kills; k++) {
      await sleep(1_000 + Math.floor(random() * 2_000));
      const seen = seenByOthers();
      child!.process.kill("SIGKILL");
      await child!.exited;
      const stored = await storedState();
      expect(stored.integrity).toBe("ok");
      const lost = missing(seen, stored.sv);
      seenBeforeKills += [...seen.values()].reduce((a, b) => a + b, 0);
      lostAcrossRestarts += lost;
      expect(lost, `kill ${k + 1}: characters seen by a peer but not stored`).toBe(0);
      child = await spawnServer(databasePath, { port });
      await allSynced();
    }
    figure("crash.kills", RELIABILITY.kills);
    figure("crash.relayed_before_kills", seenBeforeKills, "Yjs clock units (characters typed by peers and seen by another)");
    figure("crash.updates_lost", lostAcrossRestarts, "characters");
  }, 300_000);

  it("ADR 002: SIGTERM under load stores everything received, exits 0, and reconnects without a storm", async () => {
    await sleep(1_000);
    const seen = seenByOthers();
    const killedAt = Date.now();
    child!.process.kill("SIGTERM");
    expect(await child!.exited).toBe(0);
    const stored = await storedState();
    expect(stored.integrity).toBe("ok");
    expect(missing(seen, stored.sv)).toBe(0);
    child = await spawnServer(databasePath, { port });
    const upAt = Date.now();
    await allSynced();
    const syncedAt = Date.now();
    const attempts = reconnects.map((times) => times.filter((t) => t >= killedAt).length);
    const buckets = new Map<number, number>();
    for (const times of reconnects) for (const t of times) if (t >= killedAt) buckets.set(Math.floor((t - killedAt) / 1000), (buckets.get(Math.floor((t - killedAt) / 1000)) ?? 0) + 1);
    const downtimeMs = upAt - killedAt;
    // y-websocket backs off 200, 400, 800, 1600 ms, then every 2.5 s: that many attempts per
    // peer at most (plus slack), never a tight loop, whatever the machine's speed.
    const backoffBound = 6 + Math.ceil(downtimeMs / 2_500);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(backoffBound);
    figure("restart.downtime", downtimeMs, "ms");
    figure("restart.attempts_per_peer_max", Math.max(...attempts));
    figure("restart.attempts_peak_per_second", Math.max(...buckets.values()));
    figure("restart.all_resynced_after_up", syncedAt - upAt, "ms");
  }, 180_000);

  it("all clients converge to the server's export.json; integrity_check ok; every audit chain verifies", async () => {
    await sleep(500);
    stopTyping();
    // Peers agree with each other once the last relays landed; then the server must say the same.
    const first = () => JSON.stringify(readAgreement(peers[0].doc));
    await waitFor(() => peers.every((p) => JSON.stringify(readAgreement(p.doc)) === first()), 30_000, "peers to agree").catch(() => undefined);
    const server = await exportJson();
    const converged = peers.filter((p) => JSON.stringify(readAgreement(p.doc)) === JSON.stringify(server)).length;
    figure("crash.clients_converged", `${converged}/${peers.length}`);
    expect(converged).toBe(peers.length);
    expect(server.clauses.length).toBeGreaterThan(0);

    child!.process.kill("SIGTERM");
    await child!.exited;
    child = undefined;
    // The SQLite file reopened after the server process ended (SQLite-specific, like storedState).
    const driver = openSqliteDriver(databasePath);
    try {
      expect(driver.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      const chains = await driver.db.selectDistinct({ id: auditLog.negotiationId }).from(auditLog);
      for (const { id } of chains) expect(await verifyChain(driver.db, id), `audit chain ${id ?? "(system)"}`).toMatchObject({ ok: true });
      figure("crash.audit_chains_verified", chains.length);
    } finally {
      await driver.close();
    }
  }, 120_000);
});
