import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NegotiationEvent } from "../events/hub";
import { cutPublisher } from "~/tests/cluster/processes";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { RedisBus, CONTROL_CHANNEL, DOC_CHANNEL_PREFIX } from "./redisBus";

/** A private redis-server, so killing it disturbs no one else's tests. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ready to accept connections")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
}

/** Polls until `check` holds; the vitest timeout bounds it. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

interface Heard {
  updates: Array<[string, Uint8Array]>;
  events: Array<[string, NegotiationEvent]>;
  locks: Array<[string, boolean]>;
  reauthorised: string[];
  resynced: string[];
  claims: Array<[string, number, string]>;
}

function listen(bus: RedisBus): Heard {
  const heard: Heard = { updates: [], events: [], locks: [], reauthorised: [], resynced: [], claims: [] };
  bus.on({
    update: (key, update) => heard.updates.push([key, update]),
    event: (id, event) => heard.events.push([id, event]),
    lock: (id, locked) => heard.locks.push([id, locked]),
    reauthorise: (user) => heard.reauthorised.push(user),
    resync: (key) => heard.resynced.push(key),
    claim: (key, clientId, userId) => heard.claims.push([key, clientId, userId]),
  });
  return heard;
}

describe("RedisBus on a real redis-server (issue 16, ADR 027)", { timeout: 30_000 }, () => {
  let port: number;
  let redis: ChildProcess;
  let a: RedisBus;
  let b: RedisBus;
  let heardA: Heard;
  let heardB: Heard;
  const event: NegotiationEvent = { kind: "caucus", side: "union" };

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    a = new RedisBus({ url: `redis://127.0.0.1:${port}`, nodeId: "node-a" });
    b = new RedisBus({ url: `redis://127.0.0.1:${port}`, nodeId: "node-b" });
    heardA = listen(a);
    heardB = listen(b);
    await Promise.all([a.ready(), b.ready()]);
  }, 30_000);

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    redis?.kill("SIGKILL");
  });

  it("carries an update to the other node byte for byte and not back to its publisher", async () => {
    await Promise.all([a.join("n1~union"), b.join("n1~union")]);
    const update = new Uint8Array([0, 1, 2, 254, 255, 0]);
    a.publishUpdate("n1~union", update);
    await until(() => heardB.updates.length === 1);
    expect(heardB.updates[0]![0]).toBe("n1~union");
    expect(Buffer.from(heardB.updates[0]![1]).equals(Buffer.from(update))).toBe(true);
    // A control message published after it is a barrier: A's own echo would have come first.
    a.publishReauthorise("barrier-1");
    await until(() => heardA.reauthorised.length + heardB.reauthorised.length >= 1 && heardB.reauthorised.includes("barrier-1"));
    expect(heardA.updates).toEqual([]);
    expect(heardA.reauthorised).toEqual([]);
  });

  it("delivers nothing of a document after leave", async () => {
    await b.join("n2~union");
    b.leave("n2~union");
    await b.join("n3~union"); // the sub connection runs commands in order: the unsubscribe is done
    await a.join("n2~union");
    a.publishUpdate("n2~union", new Uint8Array([9]));
    a.publishReauthorise("barrier-2");
    await until(() => heardB.reauthorised.includes("barrier-2"));
    expect(heardB.updates.map(([key]) => key)).toEqual(["n1~union"]);
  });

  it("carries events, locks and reauthorisations", async () => {
    a.publishEvent("n1", event);
    // An event of an unknown kind is refused by the schema on arrival, not delivered.
    const before = b.rejected;
    a.publishEvent("n1", { kind: "gossip" } as unknown as NegotiationEvent);
    a.publishLock("n1", true);
    a.publishLock("n1", false);
    a.publishReauthorise("user-7");
    await until(() => heardB.reauthorised.includes("user-7"));
    expect(heardB.events).toEqual([["n1", event]]);
    expect(heardB.locks).toEqual([["n1", true], ["n1", false]]);
    expect(b.rejected).toBe(before + 1);
  });

  it("counts and ignores hostile frames on the channels and keeps working", async () => {
    const raw = new Redis(`redis://127.0.0.1:${port}`);
    try {
      const before = b.rejected;
      await raw.publish(CONTROL_CHANNEL, Buffer.from("not a frame at all"));
      await raw.publish(DOC_CHANNEL_PREFIX + "n1~union", Buffer.from([0x54, 1, 1, 200]));
      // A well-formed lock frame with a bad payload: refused by its schema.
      await raw.publish(CONTROL_CHANNEL, Buffer.concat([Buffer.from([0x54, 1, 4, 1]), Buffer.from("x"), Buffer.from([0, 2]), Buffer.from("n1{locked")]));
      await until(() => b.rejected === before + 3);
      a.publishUpdate("n1~union", new Uint8Array([42]));
      await until(() => heardB.updates.length === 2);
      expect(Array.from(heardB.updates[1]![1])).toEqual([42]);
      expect(heardB.locks).toHaveLength(2);
    } finally {
      raw.disconnect();
    }
  });

  it("carries writer claims to nodes that joined the document, and refuses a malformed claim", async () => {
    const raw = new Redis(`redis://127.0.0.1:${port}`);
    try {
      const before = b.rejected;
      a.publishClaim("n1~union", 123456789, "user-1");
      a.publishClaim("n9~union", 5, "user-2"); // B has not joined n9: not delivered
      await raw.publish(DOC_CHANNEL_PREFIX + "n1~union", Buffer.concat([Buffer.from([0x54, 1, 7, 1]), Buffer.from("x"), Buffer.from([0, 8]), Buffer.from("n1~union"), Buffer.from('{"clientId":-1,"userId":"u"}')]));
      a.publishReauthorise("barrier-claims");
      await until(() => heardB.reauthorised.includes("barrier-claims") && b.rejected === before + 1);
      expect(heardB.claims).toEqual([["n1~union", 123456789, "user-1"]]);
    } finally {
      raw.disconnect();
    }
  });

  it("when only the publisher's connection drops, the documents it could not publish are resynced on the other node, and its control frames are sent late, not lost", async () => {
    const admin = new Redis(`redis://127.0.0.1:${port}`);
    let restore = async () => {};
    try {
      restore = await cutPublisher(admin, "node-a");
      await until(() => !a.backlog().publishing);
      const unsent = a.unsent;
      const updatesBefore = heardB.updates.length;
      // Sent while A cannot reach Redis: neither queued without bound nor lost — owed.
      a.publishUpdate("n1~union", new Uint8Array([1, 2, 3]));
      a.publishLock("n1", true);
      a.publishLock("n1", false); // supersedes the first: only the latest lock of a negotiation is kept
      a.publishReauthorise("while-cut");
      expect(a.unsent).toBe(unsent + 1);
      expect(a.backlog()).toEqual({ publishing: false, owed: ["n1~union"], retained: 2, inFlightBytes: 0 });
      // B's own connections never dropped: nothing tells it to resync but A.
      const resyncedBefore = heardB.resynced.length;
      await restore();
      await until(() => heardB.reauthorised.includes("while-cut") && heardB.resynced.length > resyncedBefore);
      expect(heardB.resynced.slice(resyncedBefore)).toEqual(["n1~union"]);
      expect(heardB.locks.slice(-1)).toEqual([["n1", false]]);
      expect(heardB.updates.length).toBe(updatesBefore); // the update itself is gone: the resync re-reads the database instead
      expect(a.backlog()).toEqual({ publishing: true, owed: [], retained: 0, inFlightBytes: 0 });
    } finally {
      await restore();
      admin.disconnect();
    }
  });

  it("bounds the publish queue while Redis does not answer, and owes a resync for what did not fit", async () => {
    const small = new RedisBus({ url: `redis://127.0.0.1:${port}`, nodeId: "node-small", maxInFlightBytes: 4096 });
    try {
      await small.ready();
      const resyncedBefore = heardB.resynced.length;
      const updatesBefore = heardB.updates.length;
      redis.kill("SIGSTOP"); // Redis stops answering; the connections stay open
      const update = new Uint8Array(1000).fill(7);
      for (let i = 0; i < 50; i++) small.publishUpdate("n3~union", update);
      const { inFlightBytes, owed } = small.backlog();
      expect(inFlightBytes).toBeLessThanOrEqual(4096);
      expect(owed).toEqual(["n3~union"]);
      const sent = 50 - small.unsent;
      redis.kill("SIGCONT");
      await until(() => heardB.resynced.length > resyncedBefore);
      expect(heardB.resynced.slice(resyncedBefore)).toEqual(["n3~union"]);
      await until(() => heardB.updates.length === updatesBefore + sent);
      expect(small.backlog()).toEqual({ publishing: true, owed: [], retained: 0, inFlightBytes: 0 });
    } finally {
      redis.kill("SIGCONT");
      await small.close();
    }
  });

  it("after redis is killed and restarted, resubscribes, resyncs every joined key and hears new frames", async () => {
    const resyncedBefore = heardB.resynced.length;
    const updatesBefore = heardB.updates.length;
    const requestsBefore = a.resyncRequests;
    const exited = new Promise((resolve) => redis.once("exit", resolve));
    // An update handed to Redis and never answered when it died: owed a resync, its bytes freed.
    redis.kill("SIGSTOP");
    a.publishUpdate("n1~union", new Uint8Array([5, 5, 5]));
    expect(a.backlog().inFlightBytes).toBeGreaterThan(0);
    redis.kill("SIGKILL");
    await exited;
    // B drops a document and opens it again while Redis is away: it must hear it once Redis is back.
    await until(() => !b.backlog().publishing && !b.listening());
    b.leave("n3~union");
    await b.join("n3~union");
    redis = await startRedis(port);
    await until(() => heardB.resynced.length >= resyncedBefore + 2);
    expect(new Set(heardB.resynced.slice(resyncedBefore))).toEqual(new Set(["n1~union", "n3~union"]));
    await until(() => a.backlog().publishing && a.resyncRequests > requestsBefore);
    expect(a.backlog()).toEqual({ publishing: true, owed: [], retained: 0, inFlightBytes: 0 });
    a.publishUpdate("n1~union", new Uint8Array([7, 7]));
    a.publishUpdate("n3~union", new Uint8Array([3, 3]));
    await until(() => heardB.updates.length === updatesBefore + 2);
    expect(heardB.updates.slice(updatesBefore).map(([key, u]) => [key, Array.from(u)])).toEqual([["n1~union", [7, 7]], ["n3~union", [3, 3]]]);
    a.publishReauthorise("after-restart");
    await until(() => heardB.reauthorised.includes("after-restart"));
  });

  it("takes a node that falls silent for gone and re-reads every joined document, but never one that still beats", async () => {
    const c = new RedisBus({ url: `redis://127.0.0.1:${port}`, nodeId: "node-c" });
    const admin = new Redis(`redis://127.0.0.1:${port}`);
    let restore = async () => {};
    try {
      await c.ready();
      await until(() => b.nodesHeard().includes("node-c"));
      // Longer than the silence allowed: C's beats keep it counted alive.
      await new Promise((resolve) => setTimeout(resolve, COLLAB_DEFAULTS.clusterSilentAfterMs + 2 * COLLAB_DEFAULTS.clusterHeartbeatMs));
      expect(b.nodesHeard()).toContain("node-c");
      // C's publisher gone for good, as if C were killed between a commit and its publish: nothing is owed to anyone.
      restore = await cutPublisher(admin, "node-c");
      const resyncedBefore = heardB.resynced.length;
      const silentBefore = b.silentNodes;
      await until(() => !b.nodesHeard().includes("node-c"));
      expect(b.silentNodes).toBeGreaterThan(silentBefore);
      expect(new Set(heardB.resynced.slice(resyncedBefore))).toEqual(new Set(["n1~union", "n3~union"]));
    } finally {
      await restore();
      admin.disconnect();
      await c.close();
    }
  });
});
