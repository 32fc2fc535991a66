import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { docUpdates, versions } from "~/db/schema";
import { insertVersion } from "~/db/queries/versions";
import { MAX_BODY_CHARS } from "~/shared/agreement";
import { orderedClauses, readAgreement } from "~/shared/collab/docShape";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { CLOSE_CODES, MESSAGE_AUTH, MESSAGE_AWARENESS, PRESENCE_LIMITS, REFUSAL_REASONS } from "~/shared/collab/protocol";
import { clauseDealer, liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 11, items 1–3: a hostile participant at the collaboration socket, tried with real
 * y-websocket providers and raw sockets against the real server (SPEC C-13, C-14, C-15, V-3).
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];
const sockets: WebSocket[] = [];
/** Each test edits a clause of its own, handed out from the demo's live draft (tests/setup/clauses.ts). */
let nextClause: () => { id: string };
/** Any clause of the draft, for presence states that name one. */
let someClause: string;
/** The clause the C-15 abuses try to reshape (every try is refused, so they share it). */
let abusedClause: string;

beforeAll(async () => {
  server = await startTestServer();
  const clauses = await liveClauses(server);
  nextClause = clauseDealer(clauses);
  someClause = clauses[0].id;
  abusedClause = nextClause().id;
  for (const user of ["union.chief", "union.rep", "platform.chief", "platform.rep", "observer"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  for (const ws of sockets) ws.terminate();
  await server?.stop();
});

/** A real provider; `clientId` fixes its Yjs client id, `state` starts it from an offline copy. */
function peer(user: string, options: { clientId?: number; state?: Uint8Array } = {}): TestPeer & { refusals: string[] } {
  const doc = new Y.Doc();
  if (options.clientId !== undefined) doc.clientID = options.clientId;
  if (options.state) Y.applyUpdate(doc, options.state);
  const p = connectPeer(server.url, DEMO_NEGOTIATION, cookies[user], { doc });
  let destroyed = false;
  const destroy = p.destroy;
  p.destroy = () => {
    // y-websocket's disconnect reads the presence entry of doc.clientID, which a forging test changes.
    doc.clientID = p.provider.awareness.clientID;
    if (!destroyed) destroy();
    destroyed = true;
  };
  const refusals: string[] = [];
  // The provider logs the server's auth message; keep it so the test can read what the user is told.
  (p.provider as unknown as { messageHandlers: unknown[] }).messageHandlers[MESSAGE_AUTH] = (_e: unknown, decoder: decoding.Decoder) => {
    if (decoding.readVarUint(decoder) === 0) refusals.push(decoding.readVarString(decoder));
  };
  peers.push(p);
  return Object.assign(p, { refusals });
}

function rawSocket(user: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${DEMO_NEGOTIATION}`, { headers: { Cookie: cookies[user] } });
    sockets.push(ws);
    ws.on("open", () => resolve(ws));
    ws.on("error", reject);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.on("close", (code) => resolve(code)));
}

function presenceFrame(entries: { clientId: number; clock: number; state: string }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientId);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, e.state);
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

const body = (doc: Y.Doc, id: string) => orderedClauses(doc).find((c) => c.id === id)!.body;
const randomClientId = () => 1 + Math.floor(Math.random() * 2 ** 30);

async function exported() {
  const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookies["union.chief"]);
  expect(response.status).toBe(200);
  return (await response.json()) as { title: string; clauses: { id: string; title: string; body: string }[] };
}

const storedUpdates = async () => (await server.driver.db.select().from(docUpdates)).length;

describe("C-13 writer claims come only from what an editor wrote", () => {
  it("C-13: an observer announcing presence for an editor's client id does not make that editor's edits vanish", async () => {
    const clauseId = nextClause().id;
    const x = randomClientId();
    const observer = await rawSocket("observer");
    observer.send(presenceFrame([{ clientId: x, clock: 1, state: JSON.stringify({ user: { name: "观察员" } }) }]));
    const watcher = peer("platform.chief");
    await synced(watcher);
    await waitFor(() => watcher.provider.awareness.getStates().has(x), 5_000, "the observer's presence for x");

    const editor = peer("union.rep", { clientId: x });
    await synced(editor);
    body(editor.doc, clauseId).insert(0, "观察员占位后仍保存的修改");
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("观察员占位后仍保存的修改"), 5_000, "the editor's edit relayed");
    expect((await exported()).clauses.find((c) => c.id === clauseId)!.body.startsWith("观察员占位后仍保存的修改")).toBe(true);
    expect(editor.refusals).toEqual([]);
    observer.close();
  });

  it("C-13: an update under a client id another user wrote with is refused loudly, not stripped silently", async () => {
    const clauseId = nextClause().id;
    const x = randomClientId();
    const first = peer("union.rep", { clientId: x });
    const watcher = peer("platform.chief");
    await Promise.all([synced(first), synced(watcher)]);
    body(first.doc, clauseId).insert(0, "工会代表先写");
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("工会代表先写"), 5_000, "first writer relayed");

    // Another editor writing at the first one's next clock: a forgery (Yjs itself takes a new
    // client id when it sees its own in a remote update, so only a hostile client does this).
    const second = peer("platform.rep");
    await synced(second);
    second.doc.clientID = x;
    const updatesBefore = await storedUpdates();
    body(second.doc, clauseId).insert(0, "企业代表后写");
    await waitFor(() => second.refusals.length > 0, 5_000, "the refusal told to the second writer");
    expect(second.refusals).toEqual([REFUSAL_REASONS.clientIdTaken]);
    expect(body(watcher.doc, clauseId).toString()).not.toContain("企业代表后写");
    expect((await exported()).clauses.find((c) => c.id === clauseId)!.body).not.toContain("企业代表后写");
    expect(await storedUpdates()).toBe(updatesBefore);
    // The first writer goes on writing under its id.
    body(first.doc, clauseId).insert(0, "继续");
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("继续工会代表先写"), 5_000, "first writer still relayed");
  });

  it("C-13: a client id another editor only announced is reserved while its socket is open, and released when it closes", async () => {
    const clauseId = nextClause().id;
    const x = randomClientId();
    const announcer = peer("union.rep", { clientId: x });
    const watcher = peer("platform.chief");
    await Promise.all([synced(announcer), synced(watcher)]);
    announcer.provider.awareness.setLocalStateField("clauseId", clauseId); // as the app does on focus
    await waitFor(() => watcher.provider.awareness.getStates().has(x), 5_000, "the announcer's presence");

    const other = peer("platform.rep", { clientId: x });
    await synced(other);
    body(other.doc, clauseId).insert(0, "占用期间的修改");
    await waitFor(() => other.refusals.length > 0, 5_000, "refusal while reserved");
    expect(other.refusals).toEqual([REFUSAL_REASONS.clientIdTaken]);
    other.destroy();

    // The announcer never wrote with x: closing its socket ends the reservation.
    announcer.destroy();
    await waitFor(() => !watcher.provider.awareness.getStates().has(x), 5_000, "the announcer's presence removed");
    const later = peer("platform.rep", { clientId: x });
    await synced(later);
    body(later.doc, clauseId).insert(0, "释放之后的修改");
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("释放之后的修改"), 5_000, "the later writer relayed");
    expect(later.refusals).toEqual([]);
    expect((await exported()).clauses.find((c) => c.id === clauseId)!.body.startsWith("释放之后的修改")).toBe(true);
  });

  it("C-13: an editor reopening the page with its offline copy (same client id) still sends what it typed offline", async () => {
    const clauseId = nextClause().id;
    const x = randomClientId();
    const tab = peer("union.rep", { clientId: x });
    const watcher = peer("platform.chief");
    await Promise.all([synced(tab), synced(watcher)]);
    body(tab.doc, clauseId).insert(0, "在线输入");
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("在线输入"), 5_000, "online edit");
    tab.provider.disconnect();
    body(tab.doc, clauseId).insert(0, "离线输入");
    const offlineCopy = Y.encodeStateAsUpdate(tab.doc); // what y-indexeddb keeps
    tab.destroy();
    // Meanwhile an observer announces presence for the id it saw in the document.
    const observer = await rawSocket("observer");
    observer.send(presenceFrame([{ clientId: x, clock: 5, state: JSON.stringify({ user: { name: "观察员" } }) }]));
    await waitFor(() => watcher.provider.awareness.getStates().has(x), 5_000, "the observer's presence for x");

    const reopened = peer("union.rep", { state: offlineCopy });
    await synced(reopened);
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("离线输入在线输入"), 5_000, "the offline edit relayed");
    expect(reopened.refusals).toEqual([]);
    expect((await exported()).clauses.find((c) => c.id === clauseId)!.body.startsWith("离线输入在线输入")).toBe(true);
    observer.close();
  });
});

describe("C-13 claims outlive the document in memory", () => {
  it("C-13: after the document unloads, another editor still cannot take a returning tab's client id, and the tab's offline edits are accepted", async () => {
    const clauseId = nextClause().id;
    const x = randomClientId();
    const tab = peer("union.rep", { clientId: x });
    await synced(tab);
    body(tab.doc, clauseId).insert(0, "卸载前");
    const watcher0 = peer("platform.chief");
    await synced(watcher0);
    await waitFor(() => body(watcher0.doc, clauseId).toString().startsWith("卸载前"), 5_000, "stored and relayed");
    tab.provider.disconnect();
    body(tab.doc, clauseId).insert(0, "离线中");
    const offlineCopy = Y.encodeStateAsUpdate(tab.doc);
    tab.destroy();
    // Everyone leaves: the document unloads (idle unload is immediate in tests), its claims leave memory.
    for (const p of peers) p.destroy();
    for (const ws of sockets) ws.terminate();
    await waitFor(() => server.context.collab.stats().documents === 0, 10_000, "unload");

    const forger = peer("platform.rep");
    await synced(forger);
    expect(body(forger.doc, clauseId).toString().startsWith("卸载前")).toBe(true);
    forger.doc.clientID = x; // at the tab's next clock, where its offline edit waits
    body(forger.doc, clauseId).insert(0, "抢占");
    await waitFor(() => forger.refusals.length > 0, 5_000, "the forger refused");
    expect(forger.refusals).toEqual([REFUSAL_REASONS.clientIdTaken]);

    const reopened = peer("union.rep", { state: offlineCopy });
    await synced(reopened);
    await waitFor(() => body(reopened.doc, clauseId).toString().startsWith("离线中卸载前"), 5_000, "replica");
    expect(reopened.refusals).toEqual([]);
    const watcher = peer("platform.chief");
    await synced(watcher);
    await waitFor(() => body(watcher.doc, clauseId).toString().startsWith("离线中卸载前"), 5_000, "the offline edit stored and relayed");
    expect((await exported()).clauses.find((c) => c.id === clauseId)!.body).not.toContain("抢占");
  });
});

describe("C-14 presence has limits", () => {
  it("C-14: one frame with 3,001 fake presences is dropped whole, not relayed, and the socket closed", async () => {
    const watcher = peer("platform.chief");
    await synced(watcher);
    const seen = new Set<number>();
    watcher.provider.awareness.on("update", ({ added }: { added: number[] }) => added.forEach((id) => seen.add(id)));
    const ws = await rawSocket("observer");
    const code = closeCode(ws);
    const base = randomClientId();
    ws.send(presenceFrame(Array.from({ length: 3_001 }, (_, i) => ({ clientId: base + i, clock: 1, state: JSON.stringify({ user: { name: `假${i}` } }) }))));
    expect(await code).toBe(CLOSE_CODES.presenceRefused);
    expect([...seen].some((id) => id >= base && id <= base + 3_000)).toBe(false);
  });

  it("C-14: a presence state over the size limit (a 2 MB field) is not relayed and the socket is closed", async () => {
    const watcher = peer("platform.chief");
    await synced(watcher);
    const ws = await rawSocket("observer");
    const code = closeCode(ws);
    const id = randomClientId();
    ws.send(presenceFrame([{ clientId: id, clock: 1, state: JSON.stringify({ user: { name: "x" }, cursor: { anchor: { pad: "填".repeat(700_000) }, head: {} } }) }]));
    expect(await code).toBe(CLOSE_CODES.presenceRefused);
    expect(watcher.provider.awareness.getStates().has(id)).toBe(false);
    // Just under the limit, with the app's own fields, is relayed.
    const ok = await rawSocket("observer");
    const small = randomClientId();
    ok.send(presenceFrame([{ clientId: small, clock: 1, state: JSON.stringify({ user: { name: "x" }, clauseId: someClause, cursor: null, }) }]));
    await waitFor(() => watcher.provider.awareness.getStates().has(small), 5_000, "a small presence relayed");
    expect(PRESENCE_LIMITS.maxStateBytes).toBeLessThan(700_000);
  });

  it("C-14: a presence field the app never sends is refused; more client ids than the limit on one socket are refused", async () => {
    const watcher = peer("platform.chief");
    await synced(watcher);
    const seen = new Set<number>();
    watcher.provider.awareness.on("update", ({ added }: { added: number[] }) => added.forEach((id) => seen.add(id)));
    const foreign = await rawSocket("platform.rep");
    const foreignClosed = closeCode(foreign);
    const id = randomClientId();
    foreign.send(presenceFrame([{ clientId: id, clock: 1, state: JSON.stringify({ user: { name: "x" }, banner: "<b>公告</b>" }) }]));
    expect(await foreignClosed).toBe(CLOSE_CODES.presenceRefused);
    expect(watcher.provider.awareness.getStates().has(id)).toBe(false);

    const many = await rawSocket("platform.rep");
    const manyClosed = closeCode(many);
    const base = randomClientId();
    for (let i = 0; i <= PRESENCE_LIMITS.maxClientIdsPerConnection; i++) {
      many.send(presenceFrame([{ clientId: base + i, clock: 1, state: JSON.stringify({ clauseId: someClause }) }]));
    }
    expect(await manyClosed).toBe(CLOSE_CODES.presenceRefused);
    // The first ids were relayed (and removed with the socket); the one over the limit never was.
    await waitFor(() => seen.has(base + PRESENCE_LIMITS.maxClientIdsPerConnection - 1), 5_000, "the ids within the limit relayed");
    expect(seen.has(base + PRESENCE_LIMITS.maxClientIdsPerConnection)).toBe(false);
    expect(seen.has(id)).toBe(false);
  });

  it("C-14: every presence entry counts against the message rate, not only its frame", async () => {
    const ws = await rawSocket("platform.rep");
    const code = closeCode(ws);
    const ids = Array.from({ length: PRESENCE_LIMITS.maxClientIdsPerConnection }, randomClientId);
    // Fewer frames than the burst allows, but more entries than it does.
    const frames = Math.ceil(COLLAB_DEFAULTS.burstMessages / ids.length) + 20;
    expect(frames).toBeLessThan(COLLAB_DEFAULTS.burstMessages);
    for (let n = 0; n < frames; n++) ws.send(presenceFrame(ids.map((clientId) => ({ clientId, clock: n + 1, state: JSON.stringify({ clauseId: someClause }) }))));
    expect(await code).toBe(CLOSE_CODES.rateLimited);
  });
});

describe("C-15 the live draft keeps the import's shape and limits", () => {
  it("C-15: a clause body over 50,000 characters is refused with the message the editor shows; nothing is stored, relayed or exported", async () => {
    const clauseId = nextClause().id;
    const editor = peer("union.rep");
    const watcher = peer("platform.chief");
    await Promise.all([synced(editor), synced(watcher)]);
    const target = body(editor.doc, clauseId);
    // Up to the limit is fine: the import allows exactly this much.
    const room = MAX_BODY_CHARS - target.length;
    target.insert(target.length, "满".repeat(room));
    await waitFor(() => body(watcher.doc, clauseId).length === MAX_BODY_CHARS, 10_000, "a body at the limit relayed");
    expect(editor.refusals).toEqual([]);

    const vandal = peer("platform.rep");
    await synced(vandal);
    const updatesBefore = await storedUpdates();
    body(vandal.doc, clauseId).insert(0, "超".repeat(1_000_000));
    await waitFor(() => vandal.refusals.length > 0, 10_000, "the refusal");
    expect(vandal.refusals[0]).toBe(REFUSAL_REASONS.bodyTooLong);
    expect(vandal.refusals[0]).toContain("本条内容超过 50000 字的上限");
    expect(await storedUpdates()).toBe(updatesBefore);
    expect(body(watcher.doc, clauseId).length).toBe(MAX_BODY_CHARS);
    const fresh = peer("observer");
    await synced(fresh);
    expect(body(fresh.doc, clauseId).length).toBe(MAX_BODY_CHARS);
    expect((await exported()).clauses.find((c) => c.id === clauseId)!.body).not.toContain("超");
    // Trimming back is always allowed.
    target.delete(0, room);
    await waitFor(() => body(watcher.doc, clauseId).length === MAX_BODY_CHARS - room, 10_000, "the trim relayed");
  }, 60_000);

  const abuses: Record<string, { reason: string; write: (doc: Y.Doc) => void }> = {
    "a new top-level type of 500 KB": { reason: REFUSAL_REASONS.unknownRoot, write: (doc) => doc.getText("scratch").insert(0, "垃".repeat(170_000)) },
    "a stray meta key": { reason: REFUSAL_REASONS.unknownKey, write: (doc) => doc.getMap("meta").set("banner", "伪造的公告") },
    "a map nested 200 deep inside a title": {
      reason: REFUSAL_REASONS.notPlainText,
      write: (doc) => {
        const outer = new Y.Map<unknown>();
        let inner = outer;
        for (let i = 0; i < 200; i++) {
          const next = new Y.Map<unknown>();
          inner.set("x", next);
          inner = next;
        }
        orderedClauses(doc).find((c) => c.id === abusedClause)!.title.insertEmbed(0, outer as unknown as object);
      },
    },
    "an embed in a body": { reason: REFUSAL_REASONS.notPlainText, write: (doc) => body(doc, abusedClause).insertEmbed(0, { image: "https://evil.example/x.png" }) },
    "formatting in a body": { reason: REFUSAL_REASONS.notPlainText, write: (doc) => body(doc, abusedClause).format(0, 3, { bold: true }) },
    "a nested array in a clause": { reason: REFUSAL_REASONS.nesting, write: (doc) => orderedClauses(doc).find((c) => c.id === abusedClause)!.map.set("extra", Y.Array.from([1, 2, 3])) },
  };
  for (const [name, abuse] of Object.entries(abuses)) {
    it(`C-15: ${name} is refused, told to the sender, and reaches no peer, storage or export`, async () => {
      const before = await exported();
      const vandal = peer("platform.rep");
      const watcher = peer("union.chief");
      await Promise.all([synced(vandal), synced(watcher)]);
      const updatesBefore = await storedUpdates();
      vandal.doc.transact(() => abuse.write(vandal.doc));
      await waitFor(() => vandal.refusals.length > 0, 10_000, "the refusal");
      expect(vandal.refusals).toEqual([abuse.reason]);
      expect(await storedUpdates()).toBe(updatesBefore);
      const fresh = peer("observer");
      await synced(fresh);
      expect(fresh.doc.share.has("scratch")).toBe(false);
      expect([...fresh.doc.getMap("meta").keys()]).toEqual(["title"]);
      expect(JSON.stringify(readAgreement(fresh.doc))).toBe(JSON.stringify(readAgreement(watcher.doc)));
      expect(await exported()).toEqual(before);
    });
  }
});

describe("V-3 no version holds more than the import's limits", () => {
  const post = (form: Record<string, string>) =>
    fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/versions`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookies["union.chief"] }, redirect: "manual" });
  const oversizeVersions = async () =>
    (await server.driver.db
      .select()
      .from(versions))
      .filter((v) => (JSON.parse(v.content) as { clauses: { body: string }[] }).clauses.some((c) => c.body.length > MAX_BODY_CHARS));

  it("V-3: a draft over the limits (from before they existed) is neither saved as a version nor kept as the undo copy of a restore", async () => {
    const clauseId = nextClause().id;
    const first = (await server.driver.db.select().from(versions))[0]!;
    // A draft edited before the limits existed: written server-side, past the client checks.
    await server.context.collab.change(DEMO_NEGOTIATION, { userId: null, label: "legacy" }, (doc) => body(doc, clauseId).insert(0, "旧".repeat(60_000)));
    const count = (await server.driver.db.select().from(versions)).length;

    const saved = await post({ intent: "save", label: "超长版本" });
    expect(saved.status).toBe(413);
    expect(await saved.text()).toContain("本条内容超过 50000 字的上限");

    const restored = await post({ intent: "restore", versionId: first.id });
    expect(restored.status).toBe(200);
    expect((await server.driver.db.select().from(versions)).length).toBe(count);
    expect(await oversizeVersions()).toEqual([]);
    expect((await exported()).clauses.every((c) => c.body.length <= MAX_BODY_CHARS)).toBe(true);
  });

  it("V-3: a stored version over the limits is not restored into the live draft", async () => {
    const legacy = JSON.parse((await server.driver.db.select().from(versions))[0]!.content) as { title: string; clauses: { id: string; body: string }[] };
    legacy.clauses[0].body = "旧".repeat(MAX_BODY_CHARS + 1);
    const row = await server.driver.write(async (tx) => insertVersion(tx, {
      id: `v-legacy-${Date.now()}`,
      negotiationId: DEMO_NEGOTIATION,
      label: "限制之前的版本",
      note: "",
      side: "union",
      kind: "manual",
      createdBy: null,
      createdAt: Date.now(),
      content: JSON.stringify(legacy),
      contentHash: "0".repeat(64),
    }));
    const before = await exported();
    const response = await post({ intent: "restore", versionId: row.id });
    expect(response.status).toBe(413);
    expect(await exported()).toEqual(before);
  });
});
