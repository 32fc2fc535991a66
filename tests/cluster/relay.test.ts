import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";
import { findDocWriters } from "~/db/queries/docWriters";
import { negotiations } from "~/db/schema";
import { RedisBus } from "~/server/cluster/redisBus";
import { DocPersistence } from "~/server/collab/persistence";
import { CollabService } from "~/server/collab/service";
import { orderedClauses } from "~/shared/collab/docShape";
import { freePort } from "../setup/childServer";
import { clauseDealer, liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";
import { Redis } from "ioredis";
import { cutPublisher, startRedis, type Child } from "./processes";

/**
 * Two nodes in this process on one PostgreSQL database and a private Redis (issue 16, ADR 027),
 * so a test can reach into each node's collaboration service: what signing's lock does on one
 * node reaches the drafts loaded on the other.
 */
const N = DEMO_NEGOTIATION;
let databaseUrl: string;
let redisUrl: string;
let redis: Child;
let a: TestServer;
let b: TestServer;
const peers: TestPeer[] = [];
/** Each test edits clauses of its own, handed out from the live draft (tests/setup/clauses.ts). */
let nextClause: () => string;

async function node(id: string, redisUrl: string): Promise<TestServer> {
  return startTestServer({ env: { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, NODE_ID: id, SESSION_SECRET: "relay-secret-relay-secret-relay" }, idleUnloadMs: 0 });
}

/** A clause's body in a copy of the draft. */
function clauseBody(doc: Y.Doc, clauseId: string): Y.Text {
  const entry = orderedClauses(doc).find((c) => c.id === clauseId);
  if (!entry) throw new Error(`no clause ${clauseId}`);
  return entry.body;
}

async function storedBody(clauseId: string): Promise<string> {
  const doc = new Y.Doc();
  await new DocPersistence(a.driver).load(N, doc, null);
  return clauseBody(doc, clauseId).toString();
}

/** One user's two synced copies of the draft: a writer on node A, a reader on node B. */
async function writerOnAReaderOnB(): Promise<{ writer: TestPeer; reader: TestPeer }> {
  const cookie = await login(a.url, "platform.chief");
  const writer = connectPeer(a.url, N, cookie);
  const reader = connectPeer(b.url, N, cookie);
  peers.push(writer, reader);
  await Promise.all([synced(writer), synced(reader)]);
  return { writer, reader };
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  const port = await freePort();
  redis = await startRedis(port);
  redisUrl = `redis://127.0.0.1:${port}`;
  a = await node("relay-a", redisUrl);
  b = await node("relay-b", redisUrl);
  const deal = clauseDealer(await liveClauses(a));
  nextClause = () => deal().id;
}, 60_000);

afterAll(async () => {
  for (const p of peers) p.destroy();
  await b?.stop();
  await a?.stop();
  await redis?.kill();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
}, 60_000);

describe("control messages between nodes (issue 16)", { timeout: 30_000 }, () => {
  it("C-6: a lock set on node A after signing refuses updates on node B's loaded draft, and unlocking there lets them in again", async () => {
    const [locked, unlocked] = [nextClause(), nextClause()];
    const chief = connectPeer(b.url, N, await login(b.url, "union.chief"));
    peers.push(chief);
    await synced(chief);
    await a.driver.write(async (tx) => {
      await tx.update(negotiations).set({ lockedAt: Date.now() }).where(eq(negotiations.id, N));
    });
    a.context.collab.setLocked(N, true);
    await waitFor(() => b.context.collab.registry.loaded(N)?.locked === true, 10_000, "the lock on node B");
    const body = () => clauseBody(chief.doc, locked);
    body().insert(0, "锁定后修改");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await storedBody(locked)).not.toContain("锁定后修改");

    await a.driver.write(async (tx) => {
      await tx.update(negotiations).set({ lockedAt: null }).where(eq(negotiations.id, N));
    });
    a.context.collab.setLocked(N, false);
    await waitFor(() => b.context.collab.registry.loaded(N)?.locked === false, 10_000, "the unlock on node B");
    // A fresh tab: the old one's later edits follow its refused clocks, which the server never took.
    const again = connectPeer(b.url, N, await login(b.url, "union.chief"));
    peers.push(again);
    await synced(again);
    clauseBody(again.doc, unlocked).insert(0, "解锁后修改");
    await waitFor(async () => (await storedBody(unlocked)).includes("解锁后修改"), 10_000, "the edit after unlocking to be stored");
  });

  it("C-8, C-13 across nodes: a user on node B can neither move the presence of a peer on node A nor write under its client id", async () => {
    const [ownerAt, claimedAt, written] = [nextClause(), nextClause(), nextClause()];
    const owner = connectPeer(a.url, N, await login(a.url, "union.chief"));
    // Watching on node B, where the other user tries: B holds the draft and hears A's presence.
    const watcher = connectPeer(b.url, N, await login(b.url, "platform.rep"));
    peers.push(owner, watcher);
    await Promise.all([synced(owner), synced(watcher)]);
    owner.provider.awareness.setLocalStateField("clauseId", ownerAt);
    await waitFor(() => b.context.collab.registry.loaded(N)?.remotePresence.has(owner.doc.clientID) === true, 10_000, "node B to know the presence of node A's peer");
    // Another user's tab on node B with the same Yjs client id.
    const doc = new Y.Doc();
    doc.clientID = owner.doc.clientID;
    const spoofer = connectPeer(b.url, N, await login(b.url, "platform.chief"), { doc });
    peers.push(spoofer);
    await synced(spoofer);
    spoofer.provider.awareness.setLocalStateField("clauseId", claimedAt);
    clauseBody(spoofer.doc, written).insert(0, "冒名修改");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const seen = watcher.provider.awareness.getStates().get(owner.doc.clientID) as { clauseId?: string } | undefined;
    expect(seen?.clauseId).toBe(ownerAt);
    expect(await storedBody(written)).not.toContain("冒名修改");
    spoofer.destroy();
    owner.destroy();
    watcher.destroy();
  });

  it("another node's update held back for want of a lost one is not taken by a peer's next edit: once the lost one arrives, every peer on the node gets both", async () => {
    const [clause, other] = [nextClause(), nextClause()];
    const cookie = await login(b.url, "platform.chief");
    const writer = connectPeer(b.url, N, cookie);
    const reader = connectPeer(b.url, N, cookie);
    peers.push(writer, reader);
    await Promise.all([synced(writer), synced(reader)]);
    // Another node's editor types twice; the frame of the first edit is late, the second's arrives.
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(writer.doc));
    const edit = (text: string) => {
      const before = Y.encodeStateVector(elsewhere);
      clauseBody(elsewhere, clause).insert(0, text);
      return Y.encodeStateAsUpdate(elsewhere, before);
    };
    const [late, held] = [edit("乙"), edit("甲")];
    const registry = b.context.collab.registry;
    registry.remoteUpdate(N, held);
    expect(registry.loaded(N)!.doc.store.pendingStructs).not.toBeNull();
    // A peer's edit on node B while it waits: it used to take the held-back update into its own hold.
    clauseBody(writer.doc, other).insert(0, "丙");
    await waitFor(() => clauseBody(reader.doc, other).toString().startsWith("丙"), 10_000, "the reader to get the writer's edit");
    registry.remoteUpdate(N, late);
    for (const [who, p] of [["writer", writer], ["reader", reader]] as const) {
      await waitFor(() => clauseBody(p.doc, clause).toString().startsWith("甲乙"), 10_000, `the ${who} to get both of the other node's edits`);
    }
  });

  it("an update committed on node A reaches node B's peer without being stored twice", async () => {
    const clause = nextClause();
    const { writer, reader } = await writerOnAReaderOnB();
    const rowsBefore = await countRows();
    clauseBody(writer.doc, clause).insert(0, "节点A");
    await waitFor(() => clauseBody(reader.doc, clause).toString().startsWith("节点A"), 10_000, "node B's peer to see node A's edit");
    // One row for the one edit: node B applied it as a remote update and stored nothing.
    expect((await countRows()) - rowsBefore).toBe(1);
  });

  it("when only node A's publishing connection to Redis drops, node B's peer still gets every edit A stored meanwhile (A asks B to re-read)", async () => {
    const clause = nextClause();
    const { writer, reader } = await writerOnAReaderOnB();
    const admin = new Redis(redisUrl);
    const busA = a.context.collab.bus as RedisBus;
    let restore = async () => {};
    try {
      restore = await cutPublisher(admin, "relay-a");
      await waitFor(() => !busA.backlog().publishing, 10_000, "node A's publisher to notice the drop");
      const body = (doc: Y.Doc) => clauseBody(doc, clause);
      body(writer.doc).insert(0, "发布断开时");
      await waitFor(async () => (await storedBody(clause)).startsWith("发布断开时"), 10_000, "node A to store the edit");
      // Stored, but its frame never left node A: A owes a resync (once the commit's answer has reached
      // A, which may be a moment after the row is visible to the test), and node B's peer lacks the edit.
      await waitFor(() => busA.backlog().owed.length > 0, 10_000, "node A to owe node B a resync");
      expect(busA.backlog().owed).toEqual([N]);
      expect(body(reader.doc).toString()).not.toContain("发布断开时");
      body(writer.doc).insert(0, "再一次");
      await waitFor(async () => (await storedBody(clause)).startsWith("再一次发布断开时"), 10_000, "node A to store the second edit");
      await restore();
      await waitFor(() => body(reader.doc).toString() === body(writer.doc).toString(), 10_000, "node B's peer to converge after node A reconnects");
      expect(body(reader.doc).toString()).toMatch(/^再一次发布断开时/);
      expect(busA.backlog().owed).toEqual([]);
    } finally {
      await restore();
      admin.disconnect();
    }
  });

  it("when node A stores an edit and never publishes again (as if killed between commit and publish), node B takes A for gone and its peer gets the edit from PostgreSQL", async () => {
    const clause = nextClause();
    const { writer, reader } = await writerOnAReaderOnB();
    const admin = new Redis(redisUrl);
    const busA = a.context.collab.bus as RedisBus;
    const busB = b.context.collab.bus as RedisBus;
    let restore = async () => {};
    try {
      await waitFor(() => busB.nodesHeard().includes("relay-a"), 10_000, "node B to hear node A beat");
      const silentBefore = busB.silentNodes;
      restore = await cutPublisher(admin, "relay-a");
      await waitFor(() => !busA.backlog().publishing, 10_000, "node A's publisher to notice the drop");
      const body = (doc: Y.Doc) => clauseBody(doc, clause);
      body(writer.doc).insert(0, "提交后失联");
      await waitFor(async () => (await storedBody(clause)).startsWith("提交后失联"), 10_000, "node A to store the edit");
      // A never reconnects (its owed resync request never goes): B learns of the edit only by A's silence.
      await waitFor(() => body(reader.doc).toString().startsWith("提交后失联"), 15_000, "node B's peer to get the edit A stored");
      expect(busB.silentNodes).toBeGreaterThan(silentBefore);
      expect(busA.backlog().owed).toEqual([N]);
    } finally {
      await restore();
      admin.disconnect();
    }
    await waitFor(() => busB.nodesHeard().includes("relay-a"), 10_000, "node B to hear node A again once it is back");
  });

  it("C-13 across nodes: a writer claim made on node A holds on node B at once, after the claimant's tab has closed", async () => {
    const [claimed, spoofed] = [nextClause(), nextClause()];
    const owner = connectPeer(a.url, N, await login(a.url, "union.chief"));
    const watcher = connectPeer(b.url, N, await login(b.url, "platform.rep"));
    peers.push(owner, watcher);
    await Promise.all([synced(owner), synced(watcher)]);
    const id = owner.doc.clientID;
    clauseBody(owner.doc, claimed).insert(0, "认领");
    const onB = () => b.context.collab.registry.loaded(N)!;
    await waitFor(() => onB().writers.has(id), 10_000, "node B to hold node A's claim");
    const stored = (await findDocWriters(a.driver.db, N)).find((w) => w.clientId === id);
    expect(onB().writers.get(id)).toBe(stored?.userId);
    owner.destroy();
    await waitFor(() => !onB().remotePresence.has(id), 10_000, "node B to see the owner's presence go");
    // Another user's tab on node B that writes under the closed tab's client id at its next clock
    // (a copy of the draft, then the id taken): refused by the relayed claim alone.
    await waitFor(() => clauseBody(watcher.doc, claimed).toString().startsWith("认领"), 10_000, "node B's peer to have the claimant's edit");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(watcher.doc));
    doc.clientID = id;
    clauseBody(doc, spoofed).insert(0, "冒名认领");
    const spoofer = connectPeer(b.url, N, await login(b.url, "platform.chief"), { doc });
    peers.push(spoofer);
    await synced(spoofer);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedBody(spoofed)).not.toContain("冒名认领");
    spoofer.destroy();
    watcher.destroy();
  });

  it("a command holding the draft on node A reads every edit node B stored, and no edit of B's is stored while it holds it (withDocument across nodes)", async () => {
    const clause = nextClause();
    const cookie = await login(a.url, "platform.chief");
    const onA = connectPeer(a.url, N, cookie); // keeps node A's copy loaded throughout
    const onB = connectPeer(b.url, N, cookie);
    peers.push(onA, onB);
    await Promise.all([synced(onA), synced(onB)]);
    const body = (doc: Y.Doc) => clauseBody(doc, clause);
    const admin = new Redis(redisUrl);
    const busB = b.context.collab.bus as RedisBus;
    let restore = async () => {};
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    try {
      // An edit B stores whose frame cannot reach A: A's copy lacks a stored row.
      restore = await cutPublisher(admin, "relay-b");
      await waitFor(() => !busB.backlog().publishing, 10_000, "node B's publisher to notice the drop");
      body(onB.doc).insert(0, "早");
      await waitFor(async () => (await storedBody(clause)).startsWith("早"), 10_000, "node B to store the first edit");
      expect(body(a.context.collab.registry.loaded(N)!.doc).toString()).not.toContain("早");

      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const command = a.context.collab.withDocument(N, async (doc) => {
        const read = body(doc).toString();
        entered();
        await gate;
        // The command's own change commits while it holds the draft.
        doc.transact(() => body(doc).insert(0, "签"), { userId: null, label: "test" });
        return read;
      });
      await inside;
      // B's editor types while A's command holds the draft: accepted on B, not stored yet.
      body(onB.doc).insert(0, "晚");
      await waitFor(() => body(b.context.collab.registry.loaded(N)!.doc).toString().startsWith("晚早"), 10_000, "node B to apply its editor's second edit");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await storedBody(clause)).toMatch(/^早/);
      open();
      // What the command read and bound to has B's stored edit; B's later one is stored after it let go.
      expect(await command).toMatch(/^早/);
      await waitFor(async () => (await storedBody(clause)).includes("晚"), 10_000, "node B's held-back edit to be stored");
      expect(await storedBody(clause)).toMatch(/^(晚签|签晚)早/);
      await restore();
      await waitFor(() => body(onA.doc).toString() === body(onB.doc).toString(), 10_000, "both nodes' peers to converge");
    } finally {
      open();
      await restore();
      admin.disconnect();
    }
  });

  it("C-6 across nodes: an edit node B accepted while signing on node A held the draft is never stored after the signature; B reloads the signed text", async () => {
    const clause = nextClause();
    const cookie = await login(a.url, "platform.chief");
    const onA = connectPeer(a.url, N, cookie);
    const onB = connectPeer(b.url, N, cookie);
    peers.push(onA, onB);
    await Promise.all([synced(onA), synced(onB)]);
    const body = (doc: Y.Doc) => clauseBody(doc, clause);
    const signedText = body(onA.doc).toString();
    const copyOnB = b.context.collab.registry.loaded(N)!;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const lockedAt = (at: number | null) =>
      a.driver.write(async (tx) => {
        await tx.update(negotiations).set({ lockedAt: at }).where(eq(negotiations.id, N));
      });
    // What signing does (agreementSigner.ts): under the held draft, lock the row, then tell every node.
    const signing = a.context.collab.withDocument(N, async () => {
      entered();
      await gate;
      await lockedAt(Date.now());
      a.context.collab.setLocked(N, true);
    });
    try {
      await inside;
      body(onB.doc).insert(0, "签字时改");
      await waitFor(() => body(copyOnB.doc).toString().startsWith("签字时改"), 10_000, "node B to accept its editor's edit");
      open();
      await signing;
      // B's copy held text the database never will: dropped, and its peer sent to a fresh load.
      await waitFor(() => b.context.collab.registry.loaded(N) !== copyOnB, 10_000, "node B to drop its stale copy");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await storedBody(clause)).toBe(signedText);
      const fresh = connectPeer(b.url, N, await login(b.url, "union.chief"));
      peers.push(fresh);
      await synced(fresh);
      expect(body(fresh.doc).toString()).toBe(signedText);
      expect(b.context.collab.registry.loaded(N)?.locked).toBe(true);
      // The editor's tab reconnects with its refused edit and is refused again, as on one node.
      await waitFor(() => onB.provider.synced, 10_000, "the editor's tab to reconnect");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await storedBody(clause)).toBe(signedText);
      onB.destroy();
      fresh.destroy();
    } finally {
      open();
      await signing.catch(() => undefined);
      await lockedAt(null);
      a.context.collab.setLocked(N, false);
      await waitFor(() => b.context.collab.registry.loaded(N)?.locked !== true, 10_000, "the unlock on node B");
    }
  });

  it("commands holding drafts across nodes neither wait on themselves when nested nor run the pool dry when many run at once", async () => {
    const collab = a.context.collab;
    const nested = await collab.withDocument(N, () => collab.withDocument(N, (doc) => orderedClauses(doc).length));
    expect(nested).toBeGreaterThan(0);
    // More at once than a node lets hold locks (4, each keeping a pooled connection), each writing inside.
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        collab.withDocument(i % 2 === 0 ? N : `${N}~union`, async (doc) => {
          await a.driver.write(async (tx) => void (await tx.select({ id: negotiations.id }).from(negotiations).where(eq(negotiations.id, N))));
          return doc.clientID > 0;
        }),
      ),
    );
    expect(many).toEqual(Array(12).fill(true));
  });

  it("an update committed on another node while this node loads the draft is applied once the load ends (subscribe, then load)", async () => {
    const clause = nextClause();
    const bus = new RedisBus({ url: redisUrl, nodeId: "relay-c" });
    await bus.ready();
    let read!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A third node whose load of the draft stops after reading PostgreSQL, until the test lets it go on.
    const c = new CollabService({ driver: b.driver, sessionSecret: "relay-secret-relay-secret-relay", bus, idleUnloadMs: 0, onLoad: async () => {
      read();
      await gate;
    } });
    try {
      const loading = c.registry.acquire(N);
      await hasRead;
      await a.context.collab.change(N, { userId: null, label: "test" }, (doc) => clauseBody(doc, clause).insert(0, "加载中提交"));
      // Its frame reaches node C while C's load is still unfinished.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const shared = await loading;
      await waitFor(() => clauseBody(shared.doc, clause).toString().startsWith("加载中提交"), 5_000, "node C to have the update committed during its load");
      c.registry.release(N);
    } finally {
      release();
      await c.close();
      await bus.close();
    }
  });

  it("a node that loads the draft while another node's peer is typing converges with it (subscribe, then load)", async () => {
    const clause = nextClause();
    for (const p of peers.splice(0)) p.destroy();
    await waitFor(() => b.context.collab.registry.loaded(N) === undefined, 10_000, "node B to unload the draft");
    const cookie = await login(a.url, "platform.rep");
    const writer = connectPeer(a.url, N, cookie);
    peers.push(writer);
    await synced(writer);
    const text = () => clauseBody(writer.doc, clause);
    let n = 0;
    const typing = setInterval(() => text().insert(text().length, `[w${++n}]`), 1);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Node B loads the draft from PostgreSQL now, with updates committing on node A all the while.
      const reader = connectPeer(b.url, N, cookie);
      peers.push(reader);
      await synced(reader);
      await new Promise((resolve) => setTimeout(resolve, 300));
      clearInterval(typing);
      const readerText = () => clauseBody(reader.doc, clause).toString();
      await waitFor(() => readerText() === text().toString(), 10_000, "node B's peer to have every mark");
      expect(readerText()).toContain(`[w${n}]`);
    } finally {
      clearInterval(typing);
    }
  });
});

async function countRows(): Promise<number> {
  return new DocPersistence(a.driver).pendingCount(N);
}
