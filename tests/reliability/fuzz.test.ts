import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { DocPersistence } from "~/server/collab/persistence";
import { MAX_BODY_CHARS, MAX_TITLE_CHARS } from "~/shared/agreement";
import { CLAUSES_KEY, META_KEY, orderedClauses, readAgreement } from "~/shared/collab/docShape";
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC, PRESENCE_LIMITS } from "~/shared/collab/protocol";
import { clauseDealer, liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";
import { figure, FUZZ_SEEDS, prng, RELIABILITY } from "./config";

/**
 * Issues 8 and 11, hostile WebSocket input (SPEC C-7, C-8, C-13, C-14, C-15): seeded random and
 * mutated y-protocol frames from authenticated clients, presence floods and shape abuse (foreign
 * roots, huge text, deep nesting, stray keys, embeds). The server stays up, a well-behaved editor
 * alongside is unaffected, nothing that cannot integrate is stored, and the draft keeps its shape
 * and limits. Each run uses the pinned seed and a fresh one; a failure prints its seed, and
 * RELIABILITY_SEED=<seed> replays it.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];
/** The clause the well-behaved editor types into during the fuzz runs, and the one the forged-clock regression writes: two of the demo's live draft. */
let typedClause = "";
let victimClause = "";

beforeAll(async () => {
  server = await startTestServer({ idleUnloadMs: 0 });
  const next = clauseDealer(await liveClauses(server));
  [typedClause, victimClause] = [next().id, next().id];
  for (const user of ["union.rep", "platform.rep", "union.chief", "observer"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  await server?.stop();
});

function message(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

const syncUpdate = (update: Uint8Array) => message(MESSAGE_SYNC, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update)));

/** An update that builds on content this server never saw: a clock gap for `clientId`. */
function gapUpdate(clientId: number, text: string, skip: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const body = doc.getMap("clauses").set(`gap-${clientId}`, new Y.Map()) as Y.Map<unknown>;
  body.set("body", new Y.Text(text));
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, 1);
  encoding.writeVarUint(sv, clientId);
  encoding.writeVarUint(sv, skip);
  return Y.encodeStateAsUpdate(doc, encoding.toUint8Array(sv));
}

function awareness(entries: { clientId: number; clock: number; state: string }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(inner, x.clientId);
    encoding.writeVarUint(inner, x.clock);
    encoding.writeVarString(inner, x.state);
  }
  return message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(inner)));
}

export type FrameKind =
  | "random"
  | "unknown-type"
  | "huge-varint"
  | "bad-sync-step"
  | "truncated-update"
  | "flipped-update"
  | "foreign-gap-update"
  | "foreign-wrong-shape"
  | "garbage-state-vector"
  | "awareness-other-client"
  | "awareness-garbage"
  | "query-awareness"
  | "auth"
  | "text-frame"
  | "empty"
  | "presence-flood"
  | "presence-huge"
  | "presence-foreign-field"
  | "foreign-root"
  | "huge-text"
  | "deep-nesting"
  | "stray-meta"
  | "embed-or-format";

const KINDS: FrameKind[] = [
  "random", "unknown-type", "huge-varint", "bad-sync-step", "truncated-update", "flipped-update", "foreign-gap-update",
  "foreign-wrong-shape", "garbage-state-vector", "awareness-other-client", "awareness-garbage", "query-awareness", "auth", "text-frame", "empty",
  "presence-flood", "presence-huge", "presence-foreign-field", "foreign-root", "huge-text", "deep-nesting", "stray-meta", "embed-or-format",
];

/**
 * A hostile editor's update made on its own copy of `replica` (a synced peer's document), so it
 * lands on real clauses: what a modified client would send.
 */
function hostileEdit(r: () => number, replica: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(replica));
  doc.clientID = 1 + Math.floor(r() * 2 ** 31);
  const before = Y.encodeStateVector(doc);
  doc.transact(() => edit(doc));
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return syncUpdate(update);
}

function nested(r: () => number, depth: number): Y.Map<unknown> {
  const outer = new Y.Map<unknown>();
  let inner = outer;
  for (let i = 0; i < depth; i++) {
    const next = new Y.Map<unknown>();
    inner.set(r() < 0.5 ? "x" : `k${i}`, next);
    inner = next;
  }
  return outer;
}

/** One frame of `kind`, drawn from `r`; `victim` is a well-behaved peer's Yjs client id, `replica` a synced copy of the draft. */
export function fuzzFrame(r: () => number, kind: FrameKind, victim: number, n: number, replica: Y.Doc): { bytes: Uint8Array | string } {
  const bytes = (len: number) => Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
  const scratch = () => {
    const doc = new Y.Doc();
    doc.clientID = 1 + Math.floor(r() * 2 ** 31);
    doc.getMap("clauses").set(`fz-${n}`, new Y.Map());
    doc.getText("scratch").insert(0, "条款文本".repeat(1 + Math.floor(r() * 20)));
    return syncUpdate(Y.encodeStateAsUpdate(doc));
  };
  switch (kind) {
    case "random":
      return { bytes: bytes(Math.floor(r() * (r() < 0.1 ? 4096 : 64))) };
    case "unknown-type":
      return { bytes: message(4 + Math.floor(r() * 2 ** 30), (e) => encoding.writeUint8Array(e, bytes(Math.floor(r() * 32)))) };
    case "huge-varint": {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, Math.floor(r() * 4));
      for (let i = 0; i < 2 + Math.floor(r() * 12); i++) encoding.writeUint8(e, 0x80 | Math.floor(r() * 128));
      if (r() < 0.5) encoding.writeUint8(e, 0x7f);
      return { bytes: encoding.toUint8Array(e) };
    }
    case "bad-sync-step":
      return { bytes: message(MESSAGE_SYNC, (e) => (encoding.writeVarUint(e, 3 + Math.floor(r() * 1000)), encoding.writeVarUint8Array(e, bytes(8)))) };
    case "truncated-update": {
      const full = scratch();
      return { bytes: full.slice(0, 1 + Math.floor(r() * (full.length - 2))) };
    }
    case "flipped-update": {
      const full = scratch();
      for (let i = 0; i < 1 + Math.floor(r() * 4); i++) full[2 + Math.floor(r() * (full.length - 2))] ^= 1 << Math.floor(r() * 8);
      return { bytes: full };
    }
    case "foreign-gap-update":
      // half of them claim the well-behaved peer's own client id at a future clock
      return { bytes: syncUpdate(gapUpdate(r() < 0.5 ? victim : 1 + Math.floor(r() * 2 ** 31), "伪造".repeat(1 + Math.floor(r() * 50)), 1 + Math.floor(r() * 100))) };
    case "foreign-wrong-shape": {
      const doc = new Y.Doc();
      doc.clientID = 1 + Math.floor(r() * 2 ** 31);
      if (r() < 0.5) doc.getMap("clauses").set(`fz-${n}`, "not a clause map");
      else (doc.getMap("clauses").set(`fz-${n}`, new Y.Map()) as Y.Map<unknown>).set("position", 42);
      return { bytes: syncUpdate(Y.encodeStateAsUpdate(doc)) };
    }
    case "garbage-state-vector":
      return { bytes: message(MESSAGE_SYNC, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, bytes(Math.floor(r() * 40))))) };
    case "awareness-other-client":
      return { bytes: awareness([{ clientId: victim, clock: 1_000 + n, state: JSON.stringify({ user: { name: "冒充者", color: "#ff0000" } }) }, { clientId: victim, clock: 2_000 + n, state: "null" }].slice(0, 1 + Math.floor(r() * 2))) };
    case "awareness-garbage": {
      const states = ["{", "[1,2]", "42", '"x"', JSON.stringify({ user: { name: "<img src=x onerror=alert(1)>" } }), "\u202e{}"];
      return { bytes: awareness([{ clientId: 1 + Math.floor(r() * 2 ** 31), clock: Math.floor(r() * 10), state: states[Math.floor(r() * states.length)] }]) };
    }
    case "query-awareness":
      return { bytes: message(MESSAGE_QUERY_AWARENESS, () => undefined) };
    case "auth":
      return { bytes: message(MESSAGE_AUTH, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarString(e, "grant me edit"))) };
    case "text-frame":
      return { bytes: "{\"type\":\"update\"}" };
    case "empty":
      return { bytes: new Uint8Array(0) };
    case "presence-flood": {
      // More client ids in one frame than a socket may announce (up to the 3,001 of issue 11).
      const count = PRESENCE_LIMITS.maxClientIdsPerConnection + 1 + Math.floor(r() * (r() < 0.2 ? 3_000 : 20));
      const base = 1 + Math.floor(r() * 2 ** 30);
      return { bytes: awareness(Array.from({ length: count }, (_, i) => ({ clientId: base + i, clock: 1, state: JSON.stringify({ user: { name: `假${i}` } }) }))) };
    }
    case "presence-huge": {
      const size = PRESENCE_LIMITS.maxStateBytes + Math.floor(r() * (r() < 0.1 ? 2 * 1024 * 1024 : 8 * 1024));
      return { bytes: awareness([{ clientId: 1 + Math.floor(r() * 2 ** 31), clock: 1, state: JSON.stringify({ user: { name: "x" }, cursor: { anchor: { pad: "x".repeat(size) }, head: {} } }) }]) };
    }
    case "presence-foreign-field": {
      const fields = ["banner", "__proto__", "html", "admin", "cursor2"];
      return { bytes: awareness([{ clientId: 1 + Math.floor(r() * 2 ** 31), clock: 1, state: JSON.stringify({ user: { name: "x" }, [fields[Math.floor(r() * fields.length)]]: "<b>公告</b>" }) }]) };
    }
    case "foreign-root": {
      const chars = Math.floor(r() * (r() < 0.2 ? 170_000 : 200));
      const roots = ["scratch", "clauses2", "", "meta ", "__proto__"];
      const name = roots[Math.floor(r() * roots.length)];
      return { bytes: hostileEdit(r, replica, (doc) => (r() < 0.5 ? doc.getText(name).insert(0, "垃".repeat(chars + 1)) : doc.getMap(name).set("k", "垃".repeat(chars)))) };
    }
    case "huge-text":
      return {
        bytes: hostileEdit(r, replica, (doc) => {
          const clauses = orderedClauses(doc);
          const clause = clauses[Math.floor(r() * clauses.length)];
          const where = r();
          const text = where < 0.6 ? clause.body : where < 0.8 ? clause.title : (doc.getMap(META_KEY).get("title") as Y.Text);
          const limit = text === clause.body ? MAX_BODY_CHARS : MAX_TITLE_CHARS;
          text.insert(Math.floor(r() * (text.length + 1)), "长".repeat(limit - text.length + 1 + Math.floor(r() * (r() < 0.1 ? 950_000 : 100))));
        }),
      };
    case "deep-nesting":
      return {
        bytes: hostileEdit(r, replica, (doc) => {
          const clause = orderedClauses(doc)[Math.floor(r() * orderedClauses(doc).length)];
          const depth = 1 + Math.floor(r() * 200);
          const where = r();
          if (where < 0.4) clause.title.insertEmbed(0, nested(r, depth) as unknown as object);
          else if (where < 0.7) clause.map.set("extra", nested(r, depth));
          else if (where < 0.85) (doc.getMap(META_KEY).get("title") as Y.Text).insertEmbed(0, nested(r, depth) as unknown as object);
          else doc.getMap(CLAUSES_KEY).set(`deep-${n}`, Y.Array.from([nested(r, depth)]) as unknown as Y.Map<unknown>);
        }),
      };
    case "stray-meta":
      return { bytes: hostileEdit(r, replica, (doc) => doc.getMap(META_KEY).set(["banner", "signedBy", "title2", "x".repeat(300)][Math.floor(r() * 4)], r() < 0.5 ? "伪造" : new Y.Text("伪造"))) };
    case "embed-or-format":
      return {
        bytes: hostileEdit(r, replica, (doc) => {
          const body = orderedClauses(doc)[0].body;
          if (r() < 0.5) body.insertEmbed(Math.floor(r() * (body.length + 1)), { image: "https://evil.example/x.png" });
          else body.format(0, Math.min(body.length, 1 + Math.floor(r() * 10)), { bold: true, color: "#f00" });
        }),
      };
  }
}

class Attacker {
  private ws: WebSocket | null = null;
  reconnects = 0;
  constructor(private readonly cookie: string) {}

  private async open(): Promise<WebSocket> {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) return this.ws;
    this.reconnects++;
    const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/collab/${DEMO_NEGOTIATION}`, { headers: { Cookie: this.cookie } });
    ws.on("error", () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    this.ws = ws;
    return ws;
  }

  /** Sends one frame, then a query-awareness probe, and waits for its answer or the socket's close. */
  async send(bytes: Uint8Array | string): Promise<void> {
    const ws = await this.open();
    await new Promise<void>((resolve) => {
      const done = () => {
        ws.off("message", onMessage);
        ws.off("close", done);
        resolve();
      };
      const onMessage = (data: Buffer) => data[0] === MESSAGE_AWARENESS && done();
      ws.on("message", onMessage);
      ws.on("close", done);
      ws.send(bytes, { binary: typeof bytes !== "string" });
      ws.send(message(MESSAGE_QUERY_AWARENESS, () => undefined));
    });
  }

  close() {
    this.ws?.close();
  }
}

async function healthy(): Promise<boolean> {
  const response = await fetch(`${server.url}/healthz`);
  return response.status === 200 && ((await response.json()) as { ok: boolean }).ok;
}

async function exported() {
  const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookies["union.chief"]);
  expect(response.status).toBe(200);
  return (await response.json()) as { title: string; clauses: { id: string; body: string }[] };
}

/** What storage holds once the document is unloaded: read back as the server would load it. */
async function storedDocument(): Promise<Y.Doc> {
  const doc = new Y.Doc();
  await new DocPersistence(server.driver).load(DEMO_NEGOTIATION, doc, null);
  return doc;
}

/** One fuzz run: frames drawn from `seed` against the shared server, then every promise checked. */
async function fuzzRun(seed: number): Promise<void> {
  const before = await exported();
  const legit = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.rep"]);
  const reader = connectPeer(server.url, DEMO_NEGOTIATION, cookies["observer"]);
  peers.push(legit, reader);
  await Promise.all([synced(legit), synced(reader)]);
  // A presence like the app's: user, a CodeMirror cursor (two relative positions), a clause.
  const typed = orderedClauses(legit.doc).find((c) => c.id === typedClause)!.body;
  const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(typed, 1));
  legit.provider.awareness.setLocalStateField("cursor", { anchor: at, head: at });
  legit.provider.awareness.setLocalStateField("clauseId", typedClause);
  const presenceSeen = new Set<number>();
  reader.provider.awareness.on("update", ({ added }: { added: number[] }) => added.forEach((id) => presenceSeen.add(id)));

  const r = prng(seed);
  const attackers = [new Attacker(cookies["union.rep"]), new Attacker(cookies["union.chief"]), new Attacker(cookies["observer"])];
  const tried = new Map<FrameKind, number>();
  let crashes = 0;
  let legitTyped = "";
  for (let n = 0; n < RELIABILITY.fuzzFrames; n++) {
    const kind = KINDS[Math.floor(r() * KINDS.length)];
    tried.set(kind, (tried.get(kind) ?? 0) + 1);
    await attackers[n % attackers.length].send(fuzzFrame(r, kind, legit.doc.clientID, n, reader.doc).bytes);
    if (n % 50 === 0) {
      const mark = `合${n}`;
      orderedClauses(legit.doc).find((c) => c.id === typedClause)!.body.insert(0, mark);
      legitTyped = mark + legitTyped;
    }
    if (n % 200 === 199 && !(await healthy())) crashes++;
  }
  for (const a of attackers) a.close();
  if (!(await healthy())) crashes++;

  // The well-behaved editor is still connected and its every edit reached the server.
  expect(legit.provider.wsconnected).toBe(true);
  await waitFor(() => orderedClauses(reader.doc).find((c) => c.id === typedClause)!.body.toString().startsWith(legitTyped), 15_000, "legit edits relayed");
  const after = await exported();
  expect(after.clauses.find((c) => c.id === typedClause)!.body.startsWith(legitTyped)).toBe(true);
  expect(after.clauses.map((c) => c.id)).toEqual(before.clauses.map((c) => c.id));
  expect(after.title).toBe(before.title);
  for (const c of before.clauses) if (c.id !== typedClause) expect(after.clauses.find((x) => x.id === c.id)!.body, c.id).toBe(c.body);
  expect(JSON.stringify(readAgreement(legit.doc))).toBe(JSON.stringify(after));
  // Nobody moved the well-behaved editor's presence: its entry still carries its own identity.
  const presence = reader.provider.awareness.getStates().get(legit.doc.clientID) as { user?: { name?: string } } | undefined;
  expect(presence?.user?.name).not.toBe("冒充者");
  // No flood reached a peer: a few ids per socket, small states with the app's fields only (C-14).
  const sockets = attackers.reduce((sum, a) => sum + a.reconnects, 0) + 2;
  expect(presenceSeen.size).toBeLessThanOrEqual(sockets * PRESENCE_LIMITS.maxClientIdsPerConnection);
  for (const state of reader.provider.awareness.getStates().values()) {
    expect(Object.keys(state).every((k) => PRESENCE_LIMITS.fields.includes(k))).toBe(true);
    expect(JSON.stringify(state).length).toBeLessThan(PRESENCE_LIMITS.maxStateBytes + 1024);
  }

  legit.destroy();
  reader.destroy();
  await waitFor(() => server.context.collab.stats().documents === 0, 10_000, "unload");
  const stored = await storedDocument();
  expect(stored.store.pendingStructs, "updates that cannot integrate were stored").toBeNull();
  // What is stored keeps the contract's shape and the import's limits (C-15).
  expect([...stored.share.keys()].filter((k) => k !== CLAUSES_KEY && k !== META_KEY)).toEqual([]);
  expect([...stored.getMap(META_KEY).keys()]).toEqual(["title"]);
  expect(outOfShape(stored)).toEqual([]);
  expect(after.clauses.every((c) => c.body.length <= MAX_BODY_CHARS)).toBe(true);
  expect(stored.store.pendingDs).toBeNull();
  expect(JSON.stringify(readAgreement(stored))).toBe(JSON.stringify(after));
  expect(crashes).toBe(0);
  figure("fuzz.seed", seed);
  figure("fuzz.frames", RELIABILITY.fuzzFrames);
  figure("fuzz.kinds", [...tried].map(([k, v]) => `${k}=${v}`).join(" "));
  figure("fuzz.attacker_connections", attackers.reduce((s, a) => s + a.reconnects, 0));
  figure("fuzz.crashes", crashes);
}

/** Types anywhere in the document but where the contract's shape puts them (clause maps, four texts), and anything inside a text but strings. */
function outOfShape(doc: Y.Doc): string[] {
  const found: string[] = [];
  const plain = (text: Y.Text, where: string) => {
    for (const op of text.toDelta() as { insert: unknown; attributes?: unknown }[]) if (typeof op.insert !== "string" || op.attributes) found.push(where);
  };
  const title = doc.getMap(META_KEY).get("title");
  if (title instanceof Y.Text) plain(title, "meta.title");
  doc.getMap(CLAUSES_KEY).forEach((clause, id) => {
    if (!(clause instanceof Y.Map)) return;
    clause.forEach((value, key) => {
      if (value instanceof Y.Text && (key === "title" || key === "body") && value.constructor === Y.Text) plain(value, `${id}.${key}`);
      else if (value instanceof Y.AbstractType) found.push(`${id}.${key}`);
    });
  });
  return found;
}

describe(`WebSocket fuzzing (${RELIABILITY.fuzzFrames} frames, seeds ${FUZZ_SEEDS.join(", ")})`, () => {
  for (const seed of FUZZ_SEEDS) {
    it(`C-7/C-8/C-13/C-14/C-15 (seed ${seed}): the server stays up, a well-behaved editor is unaffected, nothing unintegrable or out of shape is stored`, async () => {
      try {
        await fuzzRun(seed);
      } catch (error) {
        console.error(`[fuzz] seed ${seed} failed; replay with RELIABILITY_SEED=${seed}`);
        throw error;
      }
    }, 300_000);
  }

  it("regression (found while fuzzing foreign-gap-update): a forged future clock of another client is never stored nor wins over that client's real edit", async () => {
    const victim = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.rep"]);
    const witness = connectPeer(server.url, DEMO_NEGOTIATION, cookies["observer"]);
    peers.push(victim, witness);
    await Promise.all([synced(victim), synced(witness)]);
    const attacker = new Attacker(cookies["union.rep"]);
    const clock = Y.getState(victim.doc.store, victim.doc.clientID);
    // Forged structs for the victim's client id, starting a little beyond its current clock.
    await attacker.send(syncUpdate(gapUpdate(victim.doc.clientID, "伪造伪造伪造", clock + 3)));
    const body = orderedClauses(victim.doc).find((c) => c.id === victimClause)!.body;
    for (let i = 0; i < 30; i++) body.insert(0, "真");
    // Anything the attacker sends next retries what it holds; the victim's clocks are already taken.
    await attacker.send(message(MESSAGE_SYNC, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc())))));
    await waitFor(() => orderedClauses(witness.doc).find((c) => c.id === victimClause)!.body.toString().startsWith("真".repeat(30)), 10_000, "relay");
    const after = await exported();
    expect(JSON.stringify(readAgreement(victim.doc))).toBe(JSON.stringify(after));
    expect(JSON.stringify(after)).not.toContain("伪造");
    attacker.close();
    victim.destroy();
    witness.destroy();
    await waitFor(() => server.context.collab.stats().documents === 0, 10_000, "unload");
    expect((await storedDocument()).store.pendingStructs).toBeNull();
  }, 60_000);
});
