import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { liveTentativeAgreements } from "~/db/queries/workflow";
import { auditLog, docUpdates, negotiations, participants, users } from "~/db/schema";
import { orderedClauses, readAgreement, replaceText } from "~/shared/collab/docShape";
import { CLOSE_CODES } from "~/shared/collab/protocol";
import { contentHash } from "~/server/versions/contentHash";
import { clauseDealer, liveClauses } from "../setup/clauses";
import { synced, upgradeStatus, waitFor } from "../setup/collabClient";
import { DEMO_NEGOTIATION as N, get, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 15: private drafts (内部草案) and tabled rounds, with real y-websocket providers against
 * the real server (docs/SPEC.md R-1…R-11). Each peer records every byte its socket receives, so
 * "never reaches the other side" is checked on the wire, not on the document.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const opened: Peer[] = [];
const USERS = ["union.chief", "union.rep", "union.legal", "city.union", "platform.chief", "platform.rep", "observer", "outsider"];

interface Peer {
  doc: Y.Doc;
  provider: WebsocketProvider;
  received: Buffer[];
  closes: number[];
  destroy(): void;
}

function peer(user: string, room: string): Peer {
  const doc = new Y.Doc();
  const received: Buffer[] = [];
  const closes: number[] = [];
  const cookie = cookies[user];
  class RecordingSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie! } });
      this.on("message", (data: Buffer) => received.push(Buffer.from(data)));
      this.on("close", (code: number) => closes.push(code));
    }
  }
  const provider = new WebsocketProvider(`${server.url.replace(/^http/, "ws")}/collab`, room, doc, {
    WebSocketPolyfill: RecordingSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const p = { doc, provider, received, closes, destroy: () => (provider.destroy(), doc.destroy()) };
  opened.push(p);
  return p;
}

const union = `${N}~union`;
const enterprise = `${N}~enterprise`;

function body(doc: Y.Doc, id: string): string {
  return orderedClauses(doc).find((c) => c.id === id)?.body.toString() ?? "";
}
function setBody(doc: Y.Doc, id: string, text: string): void {
  const entry = orderedClauses(doc).find((c) => c.id === id);
  if (!entry) throw new Error(`no clause ${id}`);
  doc.transact(() => replaceText(entry.body, text));
}
/** Text no fixture holds: every check that reads clause text looks for words it has never seen. */
const unseen = (what: string) => `${what}${Math.random().toString(36).slice(2, 10)}`;

function post(user: string, path: string, fields: Record<string, string>) {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookies[user]! }, body: new URLSearchParams(fields), redirect: "manual" });
}
const table = (user: string, fields: Record<string, string> = {}) => post(user, `/negotiations/${N}/rounds`, { intent: "table", ...fields });

async function liveExport() {
  return (await (await get(server.url, `/negotiations/${N}/export.json`, cookies["platform.rep"])).json()) as { title: string; clauses: { id: string; body: string }[] };
}
async function rounds() {
  return (await (await get(server.url, `/api/negotiations/${N}/rounds`, cookies["platform.rep"])).json()) as { round: number; side: string; versionId: string; tabledAt: string; tabledBy: string }[];
}
const serverText = (room: string) => server.context.collab.withDocument(room, (doc) => JSON.stringify(readAgreement(doc)));
/** Polls an async condition (the server's copy of a document) until it holds. */
async function until(predicate: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function confirmTa(clauseId: string) {
  for (const chief of ["union.chief", "platform.chief"]) expect((await post(chief, `/negotiations/${N}/clauses/${clauseId}`, { intent: "confirm_ta" })).status).toBe(200);
}

/** The clause each test edits, by its purpose, dealt from the demo's live draft (not the demo's ids). */
const C = {} as Record<"untouched" | "privateEdit" | "enterpriseDraftEdit" | "enterpriseLiveEdit" | "legalAttempt" | "agreedPrivate" | "tabled" | "agreedKept" | "tableEdit" | "conflict" | "tabledTwice" | "representative" | "afterSigning", string>;

beforeAll(async () => {
  server = await startTestServer();
  const next = clauseDealer(await liveClauses(server));
  for (const purpose of ["untouched", "privateEdit", "enterpriseDraftEdit", "enterpriseLiveEdit", "legalAttempt", "agreedPrivate", "tabled", "agreedKept", "tableEdit", "conflict", "tabledTwice", "representative", "afterSigning"] as const) C[purpose] = next().id;
  for (const user of USERS) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  for (const p of opened) {
    p.provider.destroy();
    p.doc.destroy();
  }
  await server?.stop();
});

describe("who may open a private draft (R-1, R-3)", () => {
  it("R-3: the side's members are admitted; the other side, observers and outsiders are refused 403 on the upgrade", async () => {
    const status = (user: string | null, room: string) => upgradeStatus(server.url, `/collab/${room}`, user ? { Cookie: cookies[user]! } : {});
    for (const user of ["union.chief", "union.rep", "union.legal", "city.union"]) expect(await status(user, union), user).toBe(101);
    for (const user of ["platform.chief", "platform.rep", "observer", "outsider"]) expect(await status(user, union), user).toBe(403);
    for (const user of ["platform.chief", "platform.rep"]) expect(await status(user, enterprise), user).toBe(101);
    for (const user of ["union.chief", "union.legal", "city.union", "observer"]) expect(await status(user, enterprise), user).toBe(403);
    expect(await status(null, union)).toBe(401);
  });

  it("R-1: a name that is neither a live draft nor a side's private draft is 404", async () => {
    for (const room of [`${N}~observer`, `${N}~`, `${N}~union~x`]) expect(await upgradeStatus(server.url, `/collab/${encodeURIComponent(room).replace(/%7E/g, "~")}`, { Cookie: cookies["union.chief"]! })).toBe(404);
  });
});

describe("a private draft (R-2, R-3)", () => {
  it("R-2: starts as an exact copy of the live draft, and the other side's pages never see it", async () => {
    const rep = peer("union.rep", union);
    await synced(rep);
    const live = await liveExport();
    expect(readAgreement(rep.doc).clauses.map((c) => [c.id, c.body])).toEqual(live.clauses.map((c) => [c.id, c.body]));
    const page = await get(server.url, `/negotiations/${N}/caucus`, cookies["platform.rep"]);
    expect(page.status).toBe(200);
    expect(await get(server.url, `/negotiations/${N}/caucus`, cookies.observer).then((r) => r.status)).toBe(403);
  });

  it("R-3: a union private edit reaches union sockets and never an enterprise socket's bytes, the live draft, exports, comparisons or the audit log", async () => {
    const rep = peer("union.rep", union);
    const chief = peer("union.chief", union);
    const platformLive = peer("platform.rep", N);
    const platformChiefLive = peer("platform.chief", N);
    const platformPrivate = peer("platform.chief", enterprise);
    const other = peer("platform.rep", enterprise);
    await Promise.all([rep, chief, platformLive, platformChiefLive, platformPrivate, other].map((p) => synced(p)));
    const secret = unseen("底线每单六元");
    setBody(rep.doc, C.privateEdit, `${body(rep.doc, C.privateEdit)}${secret}`);
    await waitFor(() => body(chief.doc, C.privateEdit).includes(secret), 5_000, "the union chief to see the private edit");
    // Something after it on each enterprise socket, so whatever the server sent them before has arrived.
    const marker = unseen("企业方标记");
    setBody(platformPrivate.doc, C.enterpriseDraftEdit, `${body(platformPrivate.doc, C.enterpriseDraftEdit)}${marker}`);
    setBody(platformChiefLive.doc, C.enterpriseLiveEdit, `${body(platformChiefLive.doc, C.enterpriseLiveEdit)}${marker}`);
    const bytes = (p: Peer) => Buffer.concat(p.received);
    await waitFor(() => body(other.doc, C.enterpriseDraftEdit).includes(marker) && body(platformLive.doc, C.enterpriseLiveEdit).includes(marker), 5_000, "the enterprise's own edits");
    for (const p of [platformLive, platformChiefLive, platformPrivate, other]) expect(bytes(p).includes(Buffer.from(secret))).toBe(false);
    expect(await serverText(N)).not.toContain(secret);
    for (const path of [`/negotiations/${N}/export.json`, `/negotiations/${N}/compare.json?from=live&to=caucus`, `/negotiations/${N}/caucus`, `/api/negotiations/${N}/versions`]) {
      expect(await (await get(server.url, path, cookies["platform.chief"])).text(), path).not.toContain(secret);
    }
    // The union itself compares its private draft with the live draft; nobody else can name it.
    const own = await (await get(server.url, `/negotiations/${N}/compare.json?from=live&to=caucus`, cookies["union.legal"])).text();
    expect(own).toContain(secret);
    expect((await get(server.url, `/negotiations/${N}/compare.json?from=live&to=caucus`, cookies.observer)).status).toBe(404);
    expect(JSON.stringify(await server.driver.db.select().from(auditLog))).not.toContain(secret);
    // Stored like the live draft, under its own key.
    const rows = await server.driver.db.select({ draft: docUpdates.draft }).from(docUpdates);
    expect(rows.some((r) => r.draft === "union")).toBe(true);
  });

  it("R-3: the side's read-only member reads the private draft but its updates are refused", async () => {
    const legal = peer("union.legal", union);
    await synced(legal);
    const attempt = unseen("法律顾问改动");
    setBody(legal.doc, C.legalAttempt, attempt);
    await waitFor(() => legal.received.some((m) => m[0] === 2), 5_000, "the permission-denied message");
    expect(await serverText(union)).not.toContain(attempt);
  });

  it("R-3: the clause watcher never runs on a private draft: editing an agreed clause there voids nothing", async () => {
    await confirmTa(C.agreedPrivate);
    const voids = async () => (await server.driver.db.select().from(auditLog).where(eq(auditLog.action, "ta.voided"))).length;
    const voidedBefore = await voids();
    const rep = peer("union.rep", union);
    await synced(rep);
    const text = unseen("内部改动已一致条款");
    setBody(rep.doc, C.agreedPrivate, text);
    await until(async () => (await serverText(union)).includes(text), "the private edit at the server");
    expect((await liveTentativeAgreements(server.driver.db, N)).has(C.agreedPrivate)).toBe(true);
    expect(await voids()).toBe(voidedBefore);
  });

  it("R-3 (C-12): a member moved to the other side is closed off the private draft with 4403", async () => {
    const cityUser = (await server.driver.db.select({ id: users.id }).from(users).where(eq(users.username, "city.union")).limit(1))[0]!;
    const city = peer("city.union", union);
    await synced(city);
    const seat = (await server.driver.db.select().from(participants).where(eq(participants.userId, cityUser.id))).find((p) => p.negotiationId === N)!;
    await server.driver.write(async (tx) => { await tx.update(participants).set({ side: "enterprise", role: "representative" }).where(eq(participants.id, seat.id)); });
    await server.context.collab.reauthorise(cityUser.id);
    await waitFor(() => city.closes.includes(CLOSE_CODES.forbidden), 5_000, "close 4403");
    await server.driver.write(async (tx) => { await tx.update(participants).set({ side: seat.side, role: seat.role }).where(eq(participants.id, seat.id)); });
    city.provider.destroy();
  });
});

describe("tabling a round (R-5…R-9)", () => {
  it("R-6: applies exactly the private changes to the live draft, voids exactly the affected TAs, saves the version and records the round", async () => {
    const rep = peer("union.rep", union);
    const watcher = peer("platform.rep", N);
    await Promise.all([synced(rep), synced(watcher)]);
    // Start from the live draft, then agree two clauses at the table.
    expect((await post("union.chief", `/negotiations/${N}/caucus`, { intent: "reset" })).status).toBe(200);
    await waitFor(() => body(rep.doc, C.privateEdit) === body(watcher.doc, C.privateEdit), 5_000, "the reset");
    await confirmTa(C.tabled);
    await confirmTa(C.agreedKept);
    const changed = unseen("工会方新方案:每单不低于");
    setBody(rep.doc, C.tabled, changed);
    const added = rep.doc.getMap<Y.Map<unknown>>("clauses");
    rep.doc.transact(() => {
      const map = new Y.Map<unknown>();
      map.set("position", `${orderedClauses(rep.doc).at(-1)!.position}V`);
      map.set("topic", "safety");
      map.set("title", new Y.Text("恶劣天气补贴"));
      map.set("body", new Y.Text(unseen("恶劣天气每单补贴")));
      added.set("cunion1", map);
    });
    // Meanwhile at the table the platform edits a clause the union did not touch.
    const tableEdit = unseen("平台方现场修改");
    setBody(watcher.doc, C.tableEdit, tableEdit);
    await until(async () => (await serverText(union)).includes(changed) && (await serverText(N)).includes(tableEdit), "both edits at the server");
    const before = await liveExport();

    const response = await table("union.chief");
    expect(response.status).toBe(200);
    const tabled = (await response.json()) as { round: number; versionId: string; label: string; contentHash: string; changedClauses: string[] };
    expect(tabled).toMatchObject({ round: 1, label: "工会方第 1 轮方案" });
    expect(new Set(tabled.changedClauses)).toEqual(new Set([C.tabled, "cunion1"]));

    // Connected editors see it at once; every clause the union did not change is as the table left it.
    await waitFor(() => body(watcher.doc, C.tabled) === changed, 5_000, "the tabled change at the platform's editor");
    const after = await liveExport();
    const byId = (x: typeof after) => new Map(x.clauses.map((c) => [c.id, c.body]));
    for (const [id, text] of byId(before)) if (id !== C.tabled) expect(byId(after).get(id), id).toBe(text);
    expect(byId(after).get(C.tableEdit)).toBe(tableEdit);
    expect(byId(after).get(C.tabled)).toBe(changed);
    expect(after.clauses.at(-1)!.id).toBe("cunion1");

    // Exactly the TA on the changed clause is voided.
    const tas = await liveTentativeAgreements(server.driver.db, N);
    expect(tas.has(C.tabled)).toBe(false);
    expect(tas.has(C.agreedKept)).toBe(true);

    // The version is the live text after tabling; the round and the audit carry its hash, not the text.
    const listed = await rounds();
    expect(listed).toEqual([expect.objectContaining({ round: 1, side: "union", versionId: tabled.versionId, tabledBy: "union.chief" })]);
    expect(Date.parse(listed[0]!.tabledAt)).toBeGreaterThan(0);
    expect(tabled.contentHash).toBe(contentHash(after as Parameters<typeof contentHash>[0]));
    const audit = await server.driver.db.select().from(auditLog).where(eq(auditLog.action, "round.tabled"));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ round: 1, side: "union", contentHash: tabled.contentHash });
    expect(audit[0]!.detail).not.toContain(changed);
    // The private draft now equals the live draft: nothing left to table.
    expect(await serverText(union)).toBe(await serverText(N));
    expect((await table("union.chief")).status).toBe(409);
  });

  it("R-7: a clause changed on both sides since the copy is listed for the chief, and tabled only once resolved", async () => {
    const rep = peer("union.rep", union);
    const watcher = peer("platform.rep", N);
    await Promise.all([synced(rep), synced(watcher)]);
    const mine = unseen("工会方:休息");
    const theirs = unseen("平台方:休息");
    setBody(rep.doc, C.conflict, mine);
    setBody(watcher.doc, C.conflict, theirs);
    await until(async () => (await serverText(union)).includes(mine) && (await serverText(N)).includes(theirs), "both edits at the server");
    const refused = await table("union.chief");
    expect(refused.status).toBe(409);
    const answer = (await refused.json()) as { code: string; conflicts: { key: string; mine: { body: string }; theirs: { body: string } }[] };
    expect(answer.code).toBe("conflicts");
    expect(answer.conflicts.map((c) => c.key)).toEqual([C.conflict]);
    expect(answer.conflicts[0]).toMatchObject({ mine: { body: mine }, theirs: { body: theirs } });
    expect(body(watcher.doc, C.conflict)).toBe(theirs); // nothing merged
    expect((await rounds()).length).toBe(1);
    // The caucus page lists it too.
    expect(await (await get(server.url, `/negotiations/${N}/caucus`, cookies["union.chief"])).text()).toContain(`conflict-${C.conflict}`);

    const edited = unseen("双方折中:休息");
    expect((await table("union.chief", { [`resolution.${C.conflict}`]: "edit", [`title.${C.conflict}`]: "休息休假", [`body.${C.conflict}`]: edited })).status).toBe(200);
    await waitFor(() => body(watcher.doc, C.conflict) === edited, 5_000, "the resolved text at the table");
  });

  it("R-8: tabling twice at once yields one round", async () => {
    const rep = peer("union.rep", union);
    await synced(rep);
    const text = unseen("第三轮");
    setBody(rep.doc, C.tabledTwice, text);
    await until(async () => (await serverText(union)).includes(text), "the private edit at the server");
    const before = (await rounds()).length;
    const answers = await Promise.all([table("union.chief"), table("union.chief"), table("city.union")]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await rounds()).length).toBe(before + 1);
  });

  it("R-5: a representative tables only once the chief allowed it; the other side's chief never tables this side's draft", async () => {
    const rep = peer("union.rep", union);
    await synced(rep);
    const text = unseen("代表提交");
    setBody(rep.doc, C.representative, text);
    await until(async () => (await serverText(union)).includes(text), "the private edit at the server");
    expect((await table("union.rep")).status).toBe(403);
    expect((await table("union.legal")).status).toBe(403);
    expect((await table("observer")).status).toBe(403);
    expect((await post("union.rep", `/negotiations/${N}/caucus`, { intent: "permission", representativesMayTable: "yes" })).status).toBe(403);
    expect((await post("union.chief", `/negotiations/${N}/caucus`, { intent: "permission", representativesMayTable: "yes" })).status).toBe(200);
    // The enterprise chief tables the enterprise's own draft, which holds nothing of the union's.
    const enterpriseAnswer = await table("platform.chief");
    expect((await enterpriseAnswer.text()).includes(text)).toBe(false);
    expect(await serverText(N)).not.toContain(text);
    expect((await table("union.rep")).status).toBe(200);
    expect((await liveExport()).clauses.find((c) => c.id === C.representative)!.body).toBe(text);
    const listed = await rounds();
    expect(listed.at(-1)).toMatchObject({ side: "union", tabledBy: "union.rep" });
  });

  it("R-11: the compare page offers the latest round against the other side's last; a clause's history lists the rounds that changed it", async () => {
    const listed = await rounds();
    const latest = listed.at(-1)!;
    const counterpart = [...listed].reverse().find((r) => r.round < latest.round && r.side !== latest.side)!;
    const page = await (await get(server.url, `/negotiations/${N}/compare?from=live&to=live`, cookies.observer)).text();
    expect(page).toContain(`compare?from=${counterpart.versionId}&amp;to=${latest.versionId}`);
    const historyOf = async (clauseId: string) => {
      const data = `routes/negotiations.$id.clauses.$clauseId_.history`;
      const response = await get(server.url, `/negotiations/${N}/clauses/${clauseId}/history?_data=${encodeURIComponent(data)}`, cookies.observer);
      return ((await response.json()) as { rounds: { round: number; label: string }[] }).rounds.map((r) => r.label);
    };
    expect(await historyOf(C.tabled)).toEqual(["工会方第 1 轮方案"]);
    expect(await historyOf(C.representative)).toEqual([`工会方第 ${latest.round} 轮方案`]);
    expect(await historyOf(C.untouched)).toEqual([]);
    expect((await get(server.url, `/negotiations/${N}/clauses/${C.tabled}/history`, cookies.observer).then((r) => r.text()))).toContain("工会方第 1 轮方案");
  });

  it("R-4: the reset is audited with the side and a hash, never the text", async () => {
    const resets = await server.driver.db.select().from(auditLog).where(eq(auditLog.action, "caucus_draft.reset"));
    expect(resets.length).toBeGreaterThan(0);
    for (const entry of resets) expect(Object.keys(JSON.parse(entry.detail)).sort()).toEqual(["baseHash", "side"]);
  });

  it("R-9: a signed agreement refuses private edits and tabling", async () => {
    const rep = peer("union.rep", union);
    await synced(rep);
    await server.driver.write(async (tx) => { await tx.update(negotiations).set({ lockedAt: Date.now() }).where(eq(negotiations.id, N)); });
    await server.context.collab.setLocked(N, true);
    try {
      const attempt = unseen("签署后内部修改");
      setBody(rep.doc, C.afterSigning, attempt);
      await waitFor(() => rep.received.some((m) => m[0] === 2), 5_000, "the permission-denied message");
      expect(await serverText(union)).not.toContain(attempt);
      expect((await table("union.chief")).status).toBe(403);
      expect((await post("union.chief", `/negotiations/${N}/caucus`, { intent: "reset" })).status).toBe(403);
    } finally {
      await server.driver.write(async (tx) => { await tx.update(negotiations).set({ lockedAt: null }).where(eq(negotiations.id, N)); });
      await server.context.collab.setLocked(N, false);
    }
  });
});
