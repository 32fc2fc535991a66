import { and, eq } from "drizzle-orm";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "~/db/schema";
import { chinaToday } from "~/shared/rules/deadlines";
import { orderedClauses } from "~/shared/collab/docShape";
import { liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 5: shared comments, private caucus notes (内部备注) and meetings (协商会议), against the real
 * server with real clients: HTTP loaders and actions, the SSE stream and raw WebSocket bytes.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const peers: TestPeer[] = [];
const USERS = ["union.chief", "union.rep", "union.legal", "city.union", "platform.chief", "platform.rep", "observer"];
const N = DEMO_NEGOTIATION;

/** The fourteenth and fifteenth clauses of the demo's live draft (the texts below name them 第十四条, 第十五条), by position, not by the demo's ids. */
let fourteenth = "";
let fifteenth = "";

beforeAll(async () => {
  server = await startTestServer();
  [fourteenth, fifteenth] = (await liveClauses(server)).slice(13, 15).map((c) => c.id);
  for (const user of USERS) cookies[user] = await login(server.url, user);
  for (const u of await server.driver.db.select().from(users)) ids[u.username] = u.id;
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  await server?.stop();
});

function postForm(user: string, path: string, form: URLSearchParams) {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookies[user] }, body: form, redirect: "manual" });
}

// Posted as a fetcher does (`?_data=`), so the action answers JSON rather than a page.
const talk = (user: string, form: Record<string, string>) => postForm(user, `/negotiations/${N}/discussion?_data=${encodeURIComponent("routes/negotiations.$id.discussion")}`, new URLSearchParams(form));

function meetingForm(fields: Record<string, string | string[]>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) form.append(k, value);
  return form;
}
const meeting = (user: string, fields: Record<string, string | string[]>) => postForm(user, `/negotiations/${N}/meetings?_data=${encodeURIComponent("routes/negotiations.$id.meetings")}`, meetingForm(fields));

async function data<T = any>(user: string, path: string, routeId: string): Promise<T> {
  const sep = path.includes("?") ? "&" : "?";
  const response = await get(server.url, `${path}${sep}_data=${encodeURIComponent(routeId)}`, cookies[user]);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}
const discussion = (user: string, query = "") => data(user, `/negotiations/${N}/discussion${query}`, "routes/negotiations.$id.discussion");
const meetings = (user: string) => data(user, `/negotiations/${N}/meetings`, "routes/negotiations.$id.meetings");

describe("shared comments", () => {
  let threadId = "";

  it("T-3: union.chief comments on the fourteenth clause mentioning platform.chief by username and 孙运营 by name; the mentions are stored and marked", async () => {
    const response = await talk("union.chief", { intent: "comment", clauseId: fourteenth, body: "@platform.chief 请看本条的单价,@孙运营 也请核算。" });
    expect(response.status).toBe(200);
    const forChief = await discussion("platform.chief");
    const thread = forChief.threads.find((t: any) => t.clauseId === fourteenth);
    threadId = thread.id;
    expect(thread).toMatchObject({ authorName: "王建国", mentionsMe: true, resolved: false });
    expect(thread.mentions).toEqual([ids["platform.chief"], ids["platform.rep"]]);
    expect((await discussion("union.rep")).threads.find((t: any) => t.id === threadId).mentionsMe).toBe(false);
    const counts = (await data("platform.chief", `/negotiations/${N}`, "routes/negotiations.$id._index")).talk;
    expect(counts[fourteenth]).toMatchObject({ comments: 1, openThreads: 1, mentionsMe: 1 });
  });

  it("T-2: replies join the thread (a reply to a reply goes to the root) and keep its clause", async () => {
    expect((await talk("platform.chief", { intent: "comment", parentId: threadId, body: "单价我方可以接受 5 元。" })).status).toBe(200);
    const first = (await discussion("union.chief")).threads.find((t: any) => t.id === threadId);
    expect((await talk("union.rep", { intent: "comment", parentId: first.replies[0].id, body: "@王建国 同意" })).status).toBe(200);
    const thread = (await discussion("union.chief", `?clause=${fourteenth}`)).threads.find((t: any) => t.id === threadId);
    expect(thread.replies.map((r: any) => r.authorName)).toEqual(["刘人事", "李骑手"]);
    expect(thread.replies[1].mentionsMe).toBe(true);
    expect((await discussion("union.chief", `?clause=${fifteenth}`)).threads).toEqual([]);
  });

  it("T-1: a general comment on the whole negotiation; invalid input is a 400 with a Chinese message", async () => {
    expect((await talk("union.legal", { intent: "comment", body: "整体意见:建议增加争议调解条款。" })).status).toBe(200);
    expect((await discussion("observer")).threads.some((t: any) => t.clauseId === null && t.authorName === "陈律师")).toBe(true);
    const bad = await talk("union.chief", { intent: "comment", body: "   " });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.body).toBe("请输入评论内容");
    expect((await talk("union.chief", { intent: "comment", clauseId: "nope", body: "x" })).status).toBe(404);
  });

  it("T-1, T-2: only the author or a chief resolves or reopens; observers read but may not comment (403)", async () => {
    expect((await talk("platform.rep", { intent: "resolve", commentId: threadId })).status).toBe(403);
    expect((await talk("union.chief", { intent: "resolve", commentId: threadId })).status).toBe(200);
    expect((await discussion("observer")).threads.find((t: any) => t.id === threadId).resolved).toBe(true);
    expect((await talk("platform.chief", { intent: "reopen", commentId: threadId })).status).toBe(200);
    expect((await discussion("observer")).threads.find((t: any) => t.id === threadId).resolved).toBe(false);

    expect((await talk("observer", { intent: "comment", clauseId: fourteenth, body: "观察员意见" })).status).toBe(403);
    expect((await talk("observer", { intent: "resolve", commentId: threadId })).status).toBe(403);
    expect((await discussion("observer")).can.comment).toBe(false);
    const actions = (await server.driver.db.select().from(auditLog).where(eq(auditLog.negotiationId, N))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["comment.posted", "comment.resolved", "comment.reopened"]));
  });
});

/** Reads a server-sent event stream in the background. */
function openEvents(user: string) {
  const controller = new AbortController();
  const stream = { text: "", close: () => controller.abort() };
  void fetch(`${server.url}/negotiations/${N}/events`, { headers: { Cookie: cookies[user] }, signal: controller.signal })
    .then(async (response) => {
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) stream.text += decoder.decode(chunk, { stream: true });
    })
    .catch(() => {});
  return stream;
}

/** A raw WebSocket on the collaboration endpoint that keeps every byte it receives. */
function rawSocket(user: string) {
  const chunks: Buffer[] = [];
  const ws = new WebSocket(`${server.url.replace(/^http/, "ws")}/collab/${N}`, { headers: { Cookie: cookies[user] } });
  ws.on("message", (data: Buffer) => chunks.push(Buffer.from(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.on("open", () => resolve());
    ws.on("error", reject);
  });
  return { opened, bytes: () => Buffer.concat(chunks), close: () => ws.close() };
}

/** Every page, loader JSON, export and API a participant can fetch in the demo negotiation. */
async function everythingSeenBy(user: string): Promise<string> {
  const pages: [string, string | null][] = [
    [`/negotiations`, "routes/negotiations._index"],
    [`/negotiations/${N}`, "routes/negotiations.$id._index"],
    [`/negotiations/${N}/discussion`, "routes/negotiations.$id.discussion"],
    [`/negotiations/${N}/discussion?clause=${fourteenth}`, "routes/negotiations.$id.discussion"],
    [`/negotiations/${N}/discussion?mine=1&resolved=1`, "routes/negotiations.$id.discussion"],
    [`/negotiations/${N}/meetings`, "routes/negotiations.$id.meetings"],
    [`/negotiations/${N}/participants`, "routes/negotiations.$id.participants"],
    [`/negotiations/${N}/versions`, "routes/negotiations.$id.versions"],
    [`/negotiations/${N}/compare`, "routes/negotiations.$id.compare"],
    [`/negotiations/${N}/sign`, "routes/negotiations.$id.sign"],
    [`/negotiations/${N}/record`, "routes/negotiations.$id.record"],
    [`/negotiations/${N}/delegations`, "routes/negotiations.$id.delegations"],
    [`/negotiations/${N}/clauses/${fourteenth}/history`, "routes/negotiations.$id.clauses.$clauseId_.history"],
    [`/negotiations/${N}/export.json`, null],
    [`/api/negotiations`, null],
    [`/api/negotiations/${N}/versions`, null],
    [`/negotiations/${N}/compare.json?from=live&to=live`, null],
  ];
  let seen = "";
  const fetchText = async (path: string) => {
    const response = await get(server.url, path, cookies[user]);
    seen += `\n${path} ${response.status}\n${await response.text()}`;
  };
  for (const [path, routeId] of pages) {
    await fetchText(path);
    const sep = path.includes("?") ? "&" : "?";
    if (routeId) {
      await fetchText(`${path}${sep}_data=${encodeURIComponent(routeId)}`);
      await fetchText(`${path}${sep}_data=root`);
    }
  }
  const versions = (await (await get(server.url, `/api/negotiations/${N}/versions`, cookies[user])).json()) as { id: string }[];
  for (const v of versions) await fetchText(`/negotiations/${N}/versions/${v.id}/export.json`);
  return seen;
}

describe("caucus notes (内部备注) stay with their side on every path", () => {
  const unionSecret = `工会底线-UNION-${Math.random().toString(36).slice(2)}`;
  const unionGeneral = `工会整体策略-${Math.random().toString(36).slice(2)}`;
  const enterpriseSecret = `平台让步空间-ENT-${Math.random().toString(36).slice(2)}`;
  const platformSide = ["platform.chief", "platform.rep", "observer"];
  const unionSide = ["union.chief", "union.rep", "union.legal", "city.union", "observer"];
  let streams: Record<string, ReturnType<typeof openEvents>> = {};
  let sockets: Record<string, ReturnType<typeof rawSocket>> = {};

  it("T-4, T-5: notes are written while the other side's SSE streams and raw WebSockets listen", async () => {
    streams = Object.fromEntries(["union.rep", "platform.chief", "platform.rep", "observer", "union.chief"].map((u) => [u, openEvents(u)]));
    sockets = Object.fromEntries(["platform.chief", "platform.rep", "observer", "union.rep"].map((u) => [u, rawSocket(u)]));
    await Promise.all(Object.values(sockets).map((s) => s.opened));
    // A real editor is at work at the same time, so the sockets carry live traffic.
    const editor = connectPeer(server.url, N, cookies["union.chief"]);
    peers.push(editor);
    await synced(editor);
    await waitFor(() => Object.values(streams).every((s) => s.text.includes("retry:")), 5_000, "event streams open");

    expect((await talk("union.rep", { intent: "note", clauseId: fourteenth, body: unionSecret })).status).toBe(200);
    orderedClauses(editor.doc).find((c) => c.id === fifteenth)!.body.insert(0, "(已讨论)");
    expect((await talk("union.chief", { intent: "note", body: unionGeneral })).status).toBe(200);
    expect((await talk("platform.rep", { intent: "note", clauseId: fourteenth, body: enterpriseSecret })).status).toBe(200);
    // A shared comment afterwards: every stream receives it, so anything sent before it has arrived.
    expect((await talk("union.chief", { intent: "comment", clauseId: fifteenth, body: "已讨论第十五条" })).status).toBe(200);
    await waitFor(() => Object.values(streams).every((s) => s.text.includes('"comments"')), 5_000, "comments event everywhere");
    await new Promise((r) => setTimeout(r, 300));

    const caucusEvents = (user: string) => streams[user].text.split("\n").filter((l) => l.includes('"caucus"')).length;
    expect(caucusEvents("union.rep")).toBe(2);
    expect(caucusEvents("union.chief")).toBe(2);
    expect(caucusEvents("platform.chief")).toBe(1);
    expect(caucusEvents("platform.rep")).toBe(1);
    expect(caucusEvents("observer")).toBe(0);
    for (const s of Object.values(streams)) {
      expect(s.text).not.toContain(unionSecret);
      expect(s.text).not.toContain(enterpriseSecret);
    }

    for (const [user, socket] of Object.entries(sockets)) {
      const bytes = socket.bytes();
      expect(bytes.length, `${user} received WebSocket traffic`).toBeGreaterThan(0);
      expect(bytes.indexOf(Buffer.from(unionSecret, "utf8")), `${user} WebSocket bytes`).toBe(-1);
      expect(bytes.indexOf(Buffer.from(unionGeneral, "utf8")), `${user} WebSocket bytes`).toBe(-1);
      expect(bytes.indexOf(Buffer.from(enterpriseSecret, "utf8")), `${user} WebSocket bytes`).toBe(-1);
      expect(bytes.indexOf(Buffer.from("(已讨论)", "utf8")), `${user} saw the live edit`).toBeGreaterThan(-1);
    }
    for (const s of Object.values(streams)) s.close();
    for (const s of Object.values(sockets)) s.close();
  });

  it("T-4: each side sees its own notes, per clause and per negotiation", async () => {
    const union = await discussion("union.legal");
    expect(union.caucusSide).toBe("union");
    expect(union.notes.map((n: any) => n.body)).toEqual([unionSecret, unionGeneral]);
    expect((await discussion("platform.chief")).notes.map((n: any) => n.body)).toEqual([enterpriseSecret]);
    const observer = await discussion("observer");
    expect(observer).toMatchObject({ caucusSide: null, notes: [] });
    const counts = (await data("union.chief", `/negotiations/${N}`, "routes/negotiations.$id._index")).talk;
    expect(counts[fourteenth].notes).toBe(1);
    expect(counts[""].notes).toBe(1);
    expect((await data("platform.chief", `/negotiations/${N}`, "routes/negotiations.$id._index")).talk[fourteenth].notes).toBe(1);
    expect((await data("observer", `/negotiations/${N}`, "routes/negotiations.$id._index")).talk[fourteenth].notes).toBe(0);
  });

  it("T-4: no union note in any page, loader JSON, export or API for platform.chief, platform.rep or the observer", async () => {
    const seenByUnionChief = await everythingSeenBy("union.chief");
    expect(seenByUnionChief).toContain(unionSecret); // the sweep does reach the notes
    for (const user of platformSide) {
      const seen = await everythingSeenBy(user);
      expect(seen.includes(unionSecret), `${user} saw the union note`).toBe(false);
      expect(seen.includes(unionGeneral), `${user} saw the union note`).toBe(false);
    }
  });

  it("T-4: and the reverse: no enterprise note for any union member or the observer", async () => {
    expect(await everythingSeenBy("platform.rep")).toContain(enterpriseSecret);
    for (const user of unionSide) {
      expect((await everythingSeenBy(user)).includes(enterpriseSecret), `${user} saw the enterprise note`).toBe(false);
    }
  });

  it("T-4: the other side cannot delete a note (it does not exist for them); observers cannot write one; caucus notes are not audited", async () => {
    const unionNote = (await discussion("union.rep")).notes[0];
    expect(unionNote.canDelete).toBe(true);
    expect((await talk("platform.chief", { intent: "deleteNote", noteId: unionNote.id })).status).toBe(404);
    expect((await talk("union.chief", { intent: "deleteNote", noteId: unionNote.id })).status).toBe(403);
    expect((await talk("observer", { intent: "note", body: "观察员备注" })).status).toBe(403);
    const audit = await server.driver.db.select().from(auditLog).where(eq(auditLog.negotiationId, N));
    expect(JSON.stringify(audit)).not.toContain(unionSecret);
    expect(audit.some((r) => r.action.startsWith("caucus"))).toBe(false);
    expect((await talk("union.rep", { intent: "deleteNote", noteId: unionNote.id })).status).toBe(200);
    expect((await discussion("union.chief")).notes.map((n: any) => n.body)).toEqual([unionGeneral]);
  });
});

describe("meetings (协商会议)", () => {
  const today = chinaToday();
  let firstId = "";
  const base = () => ({
    intent: "save",
    heldOn: today,
    place: "青城市总工会三楼会议室",
    chairUserId: ids["union.chief"],
    minuteTaker: "钱中立",
    attendees: [ids["union.chief"], ids["union.rep"], ids["platform.chief"]],
    agenda: [fourteenth, fifteenth],
    minutes: "双方就第十四条单价进行协商。",
    outcomes: [fourteenth],
  });

  it("T-6: suggests the proposing side's chief for the first meeting and TA outcomes by date", async () => {
    expect((await postForm("union.chief", `/negotiations/${N}/clauses/${fourteenth}`, new URLSearchParams({ intent: "confirm_ta" }))).status).toBe(200);
    expect((await postForm("platform.chief", `/negotiations/${N}/clauses/${fourteenth}`, new URLSearchParams({ intent: "confirm_ta" }))).status).toBe(200);
    const page = await meetings("union.rep");
    expect(page.turn).toMatchObject({ side: "union", userId: ids["union.chief"] });
    expect(page.daysSinceLast).toBeNull();
    expect(page.taDates[today]).toContain(fourteenth);
    expect(page.chairs.map((c: any) => c.userId).sort()).toEqual([ids["union.chief"], ids["city.union"], ids["platform.chief"]].sort());
  });

  it("T-7: records a meeting; bad input is refused with Chinese field errors; observers and legal advisers may not record", async () => {
    const bad = await meeting("union.rep", { ...base(), place: "", heldOn: "2026-02-30" });
    expect(bad.status).toBe(400);
    const errors = (await bad.json()).errors;
    expect(errors.place).toBe("请填写会议地点");
    expect(errors.heldOn).toMatch(/会议日期/);
    expect((await meeting("union.rep", { ...base(), chairUserId: ids["union.rep"] })).status).toBe(400);
    expect((await meeting("union.rep", { ...base(), attendees: [ids.observer] })).status).toBe(400);
    expect((await meeting("observer", base())).status).toBe(403);
    expect((await meeting("union.legal", base())).status).toBe(403);

    const ok = await meeting("union.rep", base());
    expect(ok.status).toBe(200);
    firstId = (await ok.json()).id;
    const page = await meetings("platform.rep");
    expect(page.daysSinceLast).toBe(0);
    expect(page.turn).toMatchObject({ side: "enterprise", userId: ids["platform.chief"] });
    expect(page.meetings[0]).toMatchObject({ id: firstId, chairName: "王建国", minuteTaker: "钱中立", outcomes: [fourteenth], confirmed: false, canEdit: true, canConfirm: false });
  });

  it("T-7: both chiefs confirm; an amendment in between withdraws a confirmation; confirmed minutes are immutable (409)", async () => {
    expect((await meeting("union.rep", { intent: "confirm", meetingId: firstId })).status).toBe(403);
    expect(await (await meeting("union.chief", { intent: "confirm", meetingId: firstId })).json()).toMatchObject({ ok: true });
    expect((await meetings("union.chief")).meetings[0]).toMatchObject({ unionConfirmedBy: "王建国", canConfirm: false });
    expect((await meeting("platform.rep", { ...base(), meetingId: firstId, minutes: "双方就第十四条单价达成暂定一致。" })).status).toBe(200);
    expect((await meetings("union.chief")).meetings[0]).toMatchObject({ unionConfirmedBy: null, canConfirm: true, minutes: "双方就第十四条单价达成暂定一致。" });

    expect((await meeting("union.chief", { intent: "confirm", meetingId: firstId })).status).toBe(200);
    expect((await meeting("platform.chief", { intent: "confirm", meetingId: firstId })).status).toBe(200);
    const final = (await meetings("observer")).meetings[0];
    expect(final).toMatchObject({ confirmed: true, unionConfirmedBy: "王建国", enterpriseConfirmedBy: "刘人事", canEdit: false });

    const refused = await meeting("union.chief", { ...base(), meetingId: firstId, minutes: "改动" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toContain("不能再修改");
    expect((await meetings("union.chief")).meetings[0].minutes).toBe("双方就第十四条单价达成暂定一致。");

    const actions = (await server.driver.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.negotiationId, N))))
      .map((r) => r.action)
      .filter((a) => a.startsWith("meeting."));
    expect(actions).toEqual(["meeting.recorded", "meeting.minutes_confirmed", "meeting.amended", "meeting.minutes_confirmed", "meeting.minutes_confirmed"]);
  });

  it("T-6, T-7: under 上代下 the higher-level union confirms for the union side; a suspension with its resumption date shows", async () => {
    const resume = new Date(Date.now() + 14 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const second = await meeting("platform.chief", { ...base(), chairUserId: ids["platform.chief"], outcomes: [], suspendedReason: "等待平台提供订单测算数据", resumeOn: resume });
    expect(second.status).toBe(200);
    const id = (await second.json()).id;
    expect(await (await meeting("city.union", { intent: "confirm", meetingId: id })).json()).toMatchObject({ ok: true, state: "confirmed" });
    const page = await meetings("union.rep");
    expect(page.suspension).toEqual({ reason: "等待平台提供订单测算数据", resumeOn: resume });
    expect(page.meetings[0]).toMatchObject({ id, unionConfirmedBy: "赵市总" });
    expect(page.turn.side).toBe("union");
    expect((await meeting("union.rep", { ...base(), suspendedReason: "理由" })).status).toBe(400);
  });

  it("a suspension agreed in confirmed minutes suspends the negotiation; the next meeting resumes it", async () => {
    const status = async () => ((await (await get(server.url, "/api/negotiations", cookies["union.chief"])).json()) as { id: string; status: string }[]).find((n) => n.id === N)!.status;
    const suspended = (await meetings("union.chief")).meetings[0];
    expect(await status()).not.toBe("suspended");
    expect((await meeting("platform.chief", { intent: "confirm", meetingId: suspended.id })).status).toBe(200);
    expect(await status()).toBe("suspended");
    expect((await meeting("union.rep", base())).status).toBe(200);
    expect(await status()).toBe("bargaining");
  });
});
