import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Driver } from "~/db/driver";
import { openDriver } from "~/db/openDriver";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";
import { DocPersistence } from "~/server/collab/persistence";
import { orderedClauses, readAgreement } from "~/shared/collab/docShape";
import { CLOSE_CODES } from "~/shared/collab/protocol";
import { freePort } from "../setup/childServer";
import { clauseDealer } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, login } from "../setup/server";
import { EventStream, startNginx, startNode, startRedis, upstreamFor, type AppNode, type Child, type Nginx } from "./processes";

/**
 * Issue 16's "done": three app nodes on one PostgreSQL database and one Redis, behind nginx, all
 * real processes on loopback. PostgreSQL is the only durable copy; Redis only relays (ADR 027).
 */
const N = DEMO_NEGOTIATION;
/** The clauses the tests use, each for one purpose, handed out from the seeded draft in beforeAll. */
let typedInto: string;
let presenceAt: string;
let commentedOn: string;
const EDITORS = ["union.chief", "union.rep", "platform.chief", "platform.rep"];
/** Generous bounds for a loaded 2-core machine: they bound the test, they measure nothing. */
const CONVERGE_MS = 30_000;

let databaseUrl: string;
let redisPort: number;
let redis: Child;
let nodes: AppNode[] = [];
let nginx: Nginx;
let driver: Driver;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];
const streams: EventStream[] = [];

function redisUrl() {
  return `redis://127.0.0.1:${redisPort}`;
}

function peer(baseUrl: string, user: string): TestPeer {
  const p = connectPeer(baseUrl, N, cookies[user]);
  peers.push(p);
  return p;
}

function body(p: TestPeer): string {
  return orderedClauses(p.doc).find((c) => c.id === typedInto)?.body.toString() ?? "";
}

/** Every mark `[name.n]` in a text. */
function marks(text: string): Set<string> {
  return new Set(text.match(/\[[a-z0-9]+\.\d+\]/g) ?? []);
}

/** Each peer appends its own numbered marks every `everyMs` until stopped; returns every mark typed. */
function typing(group: Array<[string, TestPeer]>, everyMs = 40) {
  const typed = new Set<string>();
  let n = 0;
  const timer = setInterval(() => {
    n++;
    for (const [name, p] of group) {
      const text = orderedClauses(p.doc).find((c) => c.id === typedInto)?.body;
      if (!text) continue;
      const mark = `[${name}.${n}]`;
      text.insert(text.length, mark);
      typed.add(mark);
    }
  }, everyMs);
  return { typed, stop: () => clearInterval(timer) };
}

async function converged(group: TestPeer[], expected: Set<string>, what: string): Promise<void> {
  await waitFor(
    () => {
      const first = body(group[0]!);
      return group.every((p) => body(p) === first) && [...expected].every((m) => first.includes(m));
    },
    CONVERGE_MS,
    what,
  ).catch(async (error: Error) => {
    // CI shows only part of the output: say which peers lag, and whether their node's copy or PostgreSQL lacks the marks too.
    const lacking = (text: string) => [...expected].filter((m) => !text.includes(m));
    const peers = group.map((p) => `${p.provider.url}: ${lacking(body(p)).length} missing${p.doc.store.pendingStructs ? ", held back" : ""}`);
    const stored = lacking(orderedClauses(await storedDocument()).find((c) => c.id === typedInto)?.body.toString() ?? "").length;
    throw new Error(`${error.message} — ${peers.join("; ")}; PostgreSQL ${stored} missing`);
  });
}

/** The live draft as PostgreSQL holds it, rebuilt the way a node loads it. */
async function storedDocument(): Promise<Y.Doc> {
  const doc = new Y.Doc();
  await new DocPersistence(driver).load(N, doc, null);
  return doc;
}

function byPort(port: number): AppNode {
  return nodes.find((n) => n.port === port)!;
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  const ports = [await freePort(), await freePort(), await freePort()];
  // The first node migrates and seeds the demo; the other two start on the populated database.
  nodes.push(await startNode({ id: "node-1", port: ports[0]!, databaseUrl, redisUrl: redisUrl() }));
  nodes.push(...(await Promise.all([2, 3].map((i) => startNode({ id: `node-${i}`, port: ports[i - 1]!, databaseUrl, redisUrl: redisUrl() })))));
  nginx = await startNginx(ports);
  for (const user of [...EDITORS, "city.union", "admin"]) cookies[user] = await login(nodes[0]!.url, user);
  driver = await openDriver({ databasePath: ":memory:", databaseUrl });
  const deal = clauseDealer(readAgreement(await storedDocument()).clauses);
  [typedInto, presenceAt, commentedOn] = [deal().id, deal().id, deal().id];
}, 120_000);

afterAll(async () => {
  for (const s of streams) s.cancel();
  for (const p of peers) p.destroy();
  await Promise.allSettled([...nodes.map((n) => n.kill()), nginx?.kill(), redis?.kill()]);
  await driver?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
}, 60_000);

describe("three nodes on PostgreSQL and Redis behind nginx (issue 16, ADR 027)", { timeout: 90_000 }, () => {
  it("a session made on one node is valid on every node and through nginx", async () => {
    for (const base of [...nodes.map((n) => n.url), nginx.url]) {
      const response = await fetch(`${base}/negotiations/${N}/export.json`, { headers: { Cookie: cookies["union.chief"]! } });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  });

  it("providers spread over all three nodes type into one negotiation: all converge, and PostgreSQL holds the same document", async () => {
    const group: Array<[string, TestPeer]> = [];
    nodes.forEach((node, i) => EDITORS.slice(0, 2).forEach((user, j) => group.push([`n${i}p${j}`, peer(node.url, user)])));
    await Promise.all(group.map(([, p]) => synced(p)));
    const run = typing(group, 30);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    run.stop();
    expect(run.typed.size).toBeGreaterThan(100);
    await converged(group.map(([, p]) => p), run.typed, "convergence across three nodes");
    const stored = await storedDocument();
    expect(readAgreement(stored)).toEqual(readAgreement(group[0]![1].doc));
    for (const [, p] of group) p.destroy();
  });

  it("presence crosses nodes: a peer on node 3 sees who is on which clause on node 1, and sees them leave", async () => {
    const here = peer(nodes[0]!.url, "union.chief");
    const there = peer(nodes[2]!.url, "platform.chief");
    await Promise.all([synced(here), synced(there)]);
    here.provider.awareness.setLocalStateField("clauseId", presenceAt);
    const theirs = () => there.provider.awareness.getStates().get(here.doc.clientID) as { clauseId?: string; user?: { name?: string } } | undefined;
    await waitFor(() => theirs()?.clauseId === presenceAt, 10_000, "presence from node 1 on node 3");
    // Stamped by node 1 with the authenticated identity, not whatever the client claimed.
    expect(theirs()?.user?.name).toBeTruthy();
    here.destroy();
    await waitFor(() => theirs() === undefined, 10_000, "presence removed on node 3 when the peer left node 1");
    there.destroy();
  });

  it("a comment posted on node 1 reaches an event stream open on node 2", async () => {
    const stream = await EventStream.open(nodes[1]!.url, N, cookies["platform.chief"]!);
    streams.push(stream);
    await waitFor(() => stream.opened, 10_000, "the stream's first frame");
    const response = await fetch(`${nodes[0]!.url}/negotiations/${N}/discussion?_data=${encodeURIComponent("routes/negotiations.$id.discussion")}`, {
      method: "POST",
      headers: { Cookie: cookies["union.rep"]! },
      body: new URLSearchParams({ intent: "comment", clauseId: commentedOn, body: "跨节点的评论 / a comment from node 1" }),
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    await waitFor(() => stream.kinds.includes("comments"), 10_000, "a comments event on node 2");
  });

  it("disabling an account on node 1 closes that user's socket on node 3 with 4401 and their event stream on node 2 (C-12, X-4)", async () => {
    const city = peer(nodes[2]!.url, "city.union");
    const closes: number[] = [];
    city.provider.on("connection-close", (event: CloseEvent | null) => event && closes.push(event.code));
    await synced(city);
    const stream = await EventStream.open(nodes[1]!.url, N, cookies["city.union"]!);
    streams.push(stream);
    await waitFor(() => stream.opened, 10_000, "city.union's stream on node 2");
    const accounts = await (await fetch(`${nodes[0]!.url}/admin/accounts`, { headers: { Cookie: cookies.admin! } })).text();
    const userId = /name="userId" value="(u_[A-Za-z0-9]+)"/.exec(accounts.slice(accounts.indexOf("city.union")))![1]!;
    const response = await fetch(`${nodes[0]!.url}/admin/accounts`, {
      method: "POST",
      headers: { Cookie: cookies.admin! },
      body: new URLSearchParams({ intent: "disableAccount", userId }),
      redirect: "manual",
    });
    expect(response.status).toBeLessThan(400);
    await waitFor(() => closes.includes(CLOSE_CODES.unauthorised), 10_000, "close 4401 on node 3");
    await waitFor(() => stream.ended, 10_000, "the event stream on node 2 to end");
    city.destroy();
  });

  it("Redis restarted mid-typing: the nodes re-read PostgreSQL and every peer converges with every mark", async () => {
    const group: Array<[string, TestPeer]> = [];
    nodes.forEach((node, i) => group.push([`r${i}a`, peer(node.url, EDITORS[i]!)], [`r${i}b`, peer(node.url, EDITORS[3 - i]!)]));
    await Promise.all(group.map(([, p]) => synced(p)));
    const run = typing(group);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await redis.kill();
    // Typing goes on while Redis is away: each node stores and relays locally, nothing crosses over.
    await new Promise((resolve) => setTimeout(resolve, 800));
    redis = await startRedis(redisPort);
    await new Promise((resolve) => setTimeout(resolve, 800));
    run.stop();
    await converged(group.map(([, p]) => p), run.typed, "convergence after the Redis restart");
    expect(readAgreement(await storedDocument())).toEqual(readAgreement(group[0]![1].doc));
    for (const [, p] of group) p.destroy();
  });

  it("SIGKILL of the node nginx routes the negotiation to: its clients fail over through nginx and no update any peer saw is lost", async () => {
    const target = byPort(await upstreamFor(nginx, N));
    const others = nodes.filter((n) => n !== target);
    const group: Array<[string, TestPeer]> = [
      ["k0", peer(nginx.url, "union.chief")],
      ["k1", peer(nginx.url, "platform.rep")],
      ["k2", peer(others[0]!.url, "union.rep")],
      ["k3", peer(others[1]!.url, "platform.chief")],
    ];
    await Promise.all(group.map(([, p]) => synced(p)));
    const run = typing(group);
    await new Promise((resolve) => setTimeout(resolve, 800));
    // What each peer has seen at the moment of the kill, its own marks and others' alike.
    const seen = new Set(group.flatMap(([, p]) => [...marks(body(p))]));
    await target.kill();
    nodes = others;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    run.stop();
    await waitFor(() => group.every(([, p]) => p.provider.wsconnected && p.provider.synced), CONVERGE_MS, "the nginx clients to reconnect");
    expect(others.map((n) => n.port)).toContain(await upstreamFor(nginx, N));
    await converged(group.map(([, p]) => p), seen, "every mark seen before the kill");
    // Stronger than the issue asks: marks typed while reconnecting are kept too (the providers resend them).
    await converged(group.map(([, p]) => p), run.typed, "every mark typed");
    expect(readAgreement(await storedDocument())).toEqual(readAgreement(group[0]![1].doc));
  });
});
