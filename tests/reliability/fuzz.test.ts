import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { DocPersistence } from "../../server/collab/persistence";
import { orderedClauses, readAgreement } from "../../shared/collab/docShape";
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from "../../shared/collab/protocol";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";
import { figure, prng, RELIABILITY, SEED } from "./config";

/**
 * Issue 8, hostile WebSocket input (SPEC C-7, C-8): seeded random and mutated y-protocol frames
 * from authenticated clients. The server stays up, a well-behaved editor alongside is unaffected,
 * and nothing that cannot integrate is stored. Replay a run with RELIABILITY_SEED=<seed>.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];

beforeAll(async () => {
  server = await startTestServer({ idleUnloadMs: 0 });
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
  | "empty";

const KINDS: FrameKind[] = [
  "random", "unknown-type", "huge-varint", "bad-sync-step", "truncated-update", "flipped-update", "foreign-gap-update",
  "foreign-wrong-shape", "garbage-state-vector", "awareness-other-client", "awareness-garbage", "query-awareness", "auth", "text-frame", "empty",
];

/** One frame of `kind`, drawn from `r`; `victim` is a well-behaved peer's Yjs client id. */
export function fuzzFrame(r: () => number, kind: FrameKind, victim: number, n: number): { bytes: Uint8Array | string } {
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
function storedDocument(): Y.Doc {
  const doc = new Y.Doc();
  new DocPersistence(server.database.db).load(DEMO_NEGOTIATION, doc, null);
  return doc;
}

describe(`WebSocket fuzzing (${RELIABILITY.fuzzFrames} frames, seed ${SEED})`, () => {
  it("C-7/C-8: the server stays up, a well-behaved editor is unaffected, nothing unintegrable is stored", async () => {
    const before = await exported();
    const legit = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.rep"]);
    const reader = connectPeer(server.url, DEMO_NEGOTIATION, cookies["observer"]);
    peers.push(legit, reader);
    await Promise.all([synced(legit), synced(reader)]);
    legit.provider.awareness.setLocalStateField("cursor", { at: 1 });

    const r = prng(SEED);
    const attackers = [new Attacker(cookies["union.rep"]), new Attacker(cookies["union.chief"]), new Attacker(cookies["observer"])];
    const tried = new Map<FrameKind, number>();
    let crashes = 0;
    let legitTyped = "";
    for (let n = 0; n < RELIABILITY.fuzzFrames; n++) {
      const kind = KINDS[Math.floor(r() * KINDS.length)];
      tried.set(kind, (tried.get(kind) ?? 0) + 1);
      await attackers[n % attackers.length].send(fuzzFrame(r, kind, legit.doc.clientID, n).bytes);
      if (n % 50 === 0) {
        const mark = `合${n}`;
        orderedClauses(legit.doc).find((c) => c.id === "c14")!.body.insert(0, mark);
        legitTyped = mark + legitTyped;
      }
      if (n % 200 === 199 && !(await healthy())) crashes++;
    }
    for (const a of attackers) a.close();
    if (!(await healthy())) crashes++;

    // The well-behaved editor is still connected and its every edit reached the server.
    expect(legit.provider.wsconnected).toBe(true);
    await waitFor(() => orderedClauses(reader.doc).find((c) => c.id === "c14")!.body.toString().startsWith(legitTyped), 15_000, "legit edits relayed");
    const after = await exported();
    expect(after.clauses.find((c) => c.id === "c14")!.body.startsWith(legitTyped)).toBe(true);
    expect(after.clauses.map((c) => c.id)).toEqual(before.clauses.map((c) => c.id));
    expect(after.title).toBe(before.title);
    for (const c of before.clauses) if (c.id !== "c14") expect(after.clauses.find((x) => x.id === c.id)!.body, c.id).toBe(c.body);
    expect(JSON.stringify(readAgreement(legit.doc))).toBe(JSON.stringify(after));
    // Nobody moved the well-behaved editor's presence: its entry still carries its own identity.
    const presence = reader.provider.awareness.getStates().get(legit.doc.clientID) as { user?: { name?: string } } | undefined;
    expect(presence?.user?.name).not.toBe("冒充者");

    legit.destroy();
    reader.destroy();
    await waitFor(() => server.context.collab.stats().documents === 0, 10_000, "unload");
    const stored = storedDocument();
    expect(stored.store.pendingStructs, "updates that cannot integrate were stored").toBeNull();
    expect(stored.store.pendingDs).toBeNull();
    expect(JSON.stringify(readAgreement(stored))).toBe(JSON.stringify(after));
    expect(crashes).toBe(0);
    figure("fuzz.frames", RELIABILITY.fuzzFrames);
    figure("fuzz.kinds", [...tried].map(([k, v]) => `${k}=${v}`).join(" "));
    figure("fuzz.attacker_connections", attackers.reduce((s, a) => s + a.reconnects, 0));
    figure("fuzz.crashes", crashes);
  }, 300_000);

  it("regression (found while fuzzing foreign-gap-update): a forged future clock of another client is never stored nor wins over that client's real edit", async () => {
    const victim = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.rep"]);
    const witness = connectPeer(server.url, DEMO_NEGOTIATION, cookies["observer"]);
    peers.push(victim, witness);
    await Promise.all([synced(victim), synced(witness)]);
    const attacker = new Attacker(cookies["union.rep"]);
    const clock = Y.getState(victim.doc.store, victim.doc.clientID);
    // Forged structs for the victim's client id, starting a little beyond its current clock.
    await attacker.send(syncUpdate(gapUpdate(victim.doc.clientID, "伪造伪造伪造", clock + 3)));
    const body = orderedClauses(victim.doc).find((c) => c.id === "c07")!.body;
    for (let i = 0; i < 30; i++) body.insert(0, "真");
    // Anything the attacker sends next retries what it holds; the victim's clocks are already taken.
    await attacker.send(message(MESSAGE_SYNC, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc())))));
    await waitFor(() => orderedClauses(witness.doc).find((c) => c.id === "c07")!.body.toString().startsWith("真".repeat(30)), 10_000, "relay");
    const after = await exported();
    expect(JSON.stringify(readAgreement(victim.doc))).toBe(JSON.stringify(after));
    expect(JSON.stringify(after)).not.toContain("伪造");
    attacker.close();
    victim.destroy();
    witness.destroy();
    await waitFor(() => server.context.collab.stats().documents === 0, 10_000, "unload");
    expect(storedDocument().store.pendingStructs).toBeNull();
  }, 60_000);
});
