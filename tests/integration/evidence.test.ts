/**
 * Issue 13, evidence at the table, against the real server: /api/minimum-wages, evidence.json and
 * impact.json as the contract says, their guards, bad input, a clause typed live through a real
 * y-websocket client, the wage area a chief sets, and caucus notes never an input.
 */
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { auditLog, negotiations, users } from "~/db/schema";
import { writeCaucusNote } from "~/server/commands/caucusNoteWriter";
import { insertClause } from "~/shared/collab/docShape";
import { liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor } from "../setup/collabClient";
import { policyFacts } from "../setup/policyFacts";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

const N = DEMO_NEGOTIATION;
let server: TestServer;
const cookies: Record<string, string> = {};
let v1 = "";
let v2 = "";

interface Finding {
  clauseId: string;
  rule: string;
  level: string;
  figure: string | null;
  floor: string;
  message: string;
  source: string;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.legal", "union.chief", "union.rep", "platform.chief", "outsider", "admin", "observer"]) cookies[user] = await login(server.url, user);
  const versions = (await (await get(server.url, `/api/negotiations/${N}/versions`, cookies["union.legal"])).json()) as { id: string }[];
  [v1, v2] = [versions[0]!.id, versions[1]!.id];
});

afterAll(async () => {
  await server?.stop();
});

/** The admin page's action, answered as JSON (Remix's data request) rather than the re-rendered page. */
const ADMIN_ROUNDS = "/admin/minimum-wages?_data=routes%2Fadmin.minimum-wages";

const getJson = async (path: string, user = "union.legal") => {
  const response = await get(server.url, path, cookies[user]);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const post = (path: string, user: string, form: Record<string, string>) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookies[user]! }, body: new URLSearchParams(form), redirect: "manual" });

describe("GET /api/minimum-wages (contract, EV-2)", () => {
  it("EV-2 lists every round, the previous Inner Mongolia round included, for any signed-in user; 401 signed out", async () => {
    const { status, body } = await getJson("/api/minimum-wages", "outsider");
    expect(status).toBe(200);
    const rounds = body as unknown as { area: string; monthly: number; hourly: number; effectiveFrom: string; source: string }[];
    expect(rounds).toContainEqual(expect.objectContaining({ area: "内蒙古·一类", monthly: 2270, hourly: 22.4, effectiveFrom: "2024-12-01" }));
    expect(rounds).toContainEqual(expect.objectContaining({ area: "内蒙古·一类", monthly: 1980, hourly: 20.8, effectiveFrom: "2021-12-01" }));
    expect(rounds).toContainEqual(expect.objectContaining({ area: "内蒙古·三类", monthly: 2140, hourly: 21.1 }));
    for (const round of rounds) expect(Object.keys(round).sort()).toEqual(["area", "effectiveFrom", "hourly", "monthly", "source"]);
    expect((await get(server.url, "/api/minimum-wages")).status).toBe(401);
  });

  it("EV-2 an administrator adds a round (validated, audited) and can never overwrite one", async () => {
    const round = { intent: "addRound", province: "内蒙古", tier: "一类", monthly: "2400", hourly: "23.8", effectiveFrom: "2027-07-01", source: "内蒙古自治区人民政府办公厅 测试通知" };
    expect((await post(ADMIN_ROUNDS, "admin", { ...round, monthly: "-5" })).status).toBe(400);
    const bad = await post(ADMIN_ROUNDS, "admin", { ...round, effectiveFrom: "2027-13-45" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("生效日期");
    expect((await post(ADMIN_ROUNDS, "union.chief", round)).status).toBe(403);
    expect((await post(ADMIN_ROUNDS, "admin", round)).status).toBe(200);
    const again = await post(ADMIN_ROUNDS, "admin", { ...round, monthly: "9999" });
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toContain("不能覆盖");
    const rounds = (await getJson("/api/minimum-wages")).body as unknown as { area: string; effectiveFrom: string; monthly: number }[];
    expect(rounds.filter((r) => r.area === "内蒙古·一类" && r.effectiveFrom === "2027-07-01").map((r) => r.monthly)).toEqual([2400]);
    const audit = await server.context.driver.db.select().from(auditLog).where(eq(auditLog.action, "minimum_wage.added"));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ area: "内蒙古·一类", monthly: 2400, effectiveFrom: "2027-07-01" });
  });
});

/** The clause on the rest prompt (连续接单…提示休息), found by reading the live draft's text, not by the demo's id. */
async function restPromptClause(): Promise<string> {
  return (await liveClauses(server)).find((c) => c.body.includes("连续接单"))!.id;
}

describe("GET /negotiations/:id/evidence.json (contract, EV-4, EV-5, EV-8)", () => {
  it("EV-4 flags the platform round's rest prompt (5 h, 15 min) unlawful, with floor and source", async () => {
    const { status, body } = await getJson(`/negotiations/${N}/evidence.json?version=${v2}`);
    expect(status).toBe(200);
    expect(body.area).toEqual({ name: "内蒙古·一类", monthly: 2270, hourly: 22.4, effectiveFrom: "2024-12-01" });
    const findings = body.findings as Finding[];
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(["clauseId", "figure", "floor", "level", "message", "rule", "source"]);
    const restPrompt = await restPromptClause();
    const rest = findings.filter((f) => f.clauseId === restPrompt);
    expect(rest.map((f) => [f.rule, f.level, f.figure])).toEqual([
      ["rest_prompt_hours", "unlawful", "5小时"],
      ["rest_pause_minutes", "unlawful", "15分钟"],
    ]);
    expect(rest[0]!.message).toMatch(/^连续接单 5小时 才提示休息,超过 4 小时的上限/u);
    expect(rest[0]!.source).toContain("第三条");
  });

  it("EV-5 marks what the platform round took away from the union's round as weaker", async () => {
    const findings = (await getJson(`/negotiations/${N}/evidence.json?version=${v2}`)).body.findings as Finding[];
    const weaker = findings.filter((f) => f.level === "weaker").map((f) => f.rule);
    expect(weaker).toEqual(expect.arrayContaining(["deduction_remainder", "holiday_pay", "minimum_wage_monthly"]));
    const v1Findings = (await getJson(`/negotiations/${N}/evidence.json?version=${v1}`)).body.findings as Finding[];
    expect(v1Findings.filter((f) => f.level !== "ok")).toEqual([]);
  });

  it("EV-8 answers like export.json: 401 signed out, 403 not a participant, 404 unknown; observers read it", async () => {
    expect((await get(server.url, `/negotiations/${N}/evidence.json`)).status).toBe(401);
    expect((await get(server.url, `/negotiations/${N}/evidence.json`, cookies.outsider)).status).toBe(403);
    expect((await get(server.url, `/negotiations/no-such-negotiation/evidence.json`, cookies["union.legal"])).status).toBe(404);
    expect((await get(server.url, `/negotiations/${N}/evidence.json`, cookies.observer)).status).toBe(200);
  });

  it("EV-7 400 naming the field for an unknown version or area", async () => {
    const unknown = await getJson(`/negotiations/${N}/evidence.json?version=nope123`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ field: "version" });
    expect(String(unknown.body.message)).toMatch(/^参数 version:版本“nope123”不存在/u);
    const area = await getJson(`/negotiations/${N}/evidence.json?area=${encodeURIComponent("火星·一类")}`);
    expect(area.status).toBe(400);
    expect(area.body).toMatchObject({ field: "area" });
  });

  it("EV-3, EV-8 checks a clause typed live like any other, and never reads caucus notes", async () => {
    const chief = (await server.context.driver.db.select({ id: users.id }).from(users).where(eq(users.username, "union.chief")).limit(1))[0]!.id;
    const secret = "连续接单9小时才提示休息-CAUCUS-SECRET-5d1";
    const note = await writeCaucusNote(server.context, { negotiationId: N, userId: chief, membership: { side: "union", role: "chief" }, facts: policyFacts() }, { body: secret, clauseId: await restPromptClause() });
    expect(note.ok).toBe(true);

    const peer = connectPeer(server.url, N, cookies["union.rep"]);
    await synced(peer);
    peer.doc.transact(() => insertClause(peer.doc, { id: "typed-live-1", topic: "rest", title: "新条款", body: "平台应保障骑手每两周至少休息一天。" }, null));
    const clauses = peer.doc.getMap("clauses") as Y.Map<unknown>;
    expect(clauses.has("typed-live-1")).toBe(true);
    let findings: Finding[] = [];
    await waitFor(() => false, 300).catch(() => undefined); // let the update reach the server
    for (let attempt = 0; attempt < 50 && !findings.some((f) => f.clauseId === "typed-live-1"); attempt++) {
      findings = (await getJson(`/negotiations/${N}/evidence.json?version=live`, "union.legal")).body.findings as Finding[];
      if (!findings.some((f) => f.clauseId === "typed-live-1")) await new Promise((r) => setTimeout(r, 100));
    }
    peer.destroy();
    expect(findings.filter((f) => f.clauseId === "typed-live-1").map((f) => [f.rule, f.level, f.figure])).toEqual([["weekly_rest_days", "unlawful", "每两周一天"]]);
    for (const user of ["union.legal", "union.chief", "platform.chief"]) {
      const text = JSON.stringify((await getJson(`/negotiations/${N}/evidence.json?version=live`, user)).body);
      expect(text).not.toContain("CAUCUS-SECRET");
      expect(text).not.toContain("9小时");
    }
  });
});

describe("GET /negotiations/:id/impact.json (contract, EV-6, EV-7)", () => {
  const q = (params: Record<string, string>) => `/negotiations/${N}/impact.json?${new URLSearchParams(params)}`;
  const base = () => ({ from: v1, to: v2, ordersPerDay: "40", daysPerMonth: "26", hoursPerDay: "7.79" });

  it("EV-6 gives the worked example for the two demo rounds", async () => {
    const { status, body } = await getJson(q(base()));
    expect(status).toBe(200);
    expect(body).toEqual({
      from: { monthly: 5720, hourly: 28.24 },
      to: { monthly: 5200, hourly: 25.67 },
      change: { monthly: -520, percent: -9.1 },
      floor: { monthly: 2270, hourly: 22.4 },
      breakEven: { from: 4.07, to: 4.48 },
    });
  });

  it("EV-6 adds the supplements each round's text gives", async () => {
    const { body } = await getJson(q({ ...base(), nightShare: "0.5", weatherDays: "4", extraKm: "1" }));
    // v1: 5.5 + 0.5×1 + 1×1 per order, plus 2元 an order on 4 days; v2: 5 + 0.5×0.5 + 1×0.8, plus 1.5元
    expect((body.from as { monthly: number }).monthly).toBeCloseTo(40 * 26 * 7 + 4 * 40 * 2, 2);
    expect((body.to as { monthly: number }).monthly).toBeCloseTo(40 * 26 * 6.05 + 4 * 40 * 1.5, 2);
  });

  it.each([
    ["ordersPerDay", { ordersPerDay: undefined }, "缺少每日单量"],
    ["ordersPerDay", { ordersPerDay: "abc" }, "每日单量应为不小于 0 的数字"],
    ["daysPerMonth", { daysPerMonth: "-2" }, "每月工作天数应为不小于 0 的数字"],
    ["ordersPerDay", { ordersPerDay: "1e12" }, "每日单量"],
    ["ordersPerDay", { ordersPerDay: "1000000000000" }, "每日单量不能超过 300"],
    ["hoursPerDay", { hoursPerDay: "0" }, "每日工作小时数应大于 0"],
    ["nightShare", { nightShare: "2" }, "夜间单占比不能超过 1"],
    ["from", { from: undefined }, "缺少版本参数"],
    ["to", { to: "nope123" }, "版本“nope123”不存在"],
    ["area", { area: "火星·一类" }, "没有“火星·一类”的最低工资标准"],
  ])("EV-7 answers 400 naming %s for %j, Chinese first, and computes nothing", async (field, change, message) => {
    const params: Record<string, string> = { ...base() };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete params[key];
      else params[key] = value;
    }
    const { status, body } = await getJson(q(params));
    expect(status).toBe(400);
    expect(body.field).toBe(field);
    expect(String(body.message)).toContain(message);
    expect(body.from).toBeUndefined();
  });

  it("EV-7 names the parameter in `field` and the input in words in the message, in the reader's language", async () => {
    const missing: Record<string, string> = { ...base() };
    delete missing.ordersPerDay;
    const answer = async (lang?: "en") => {
      const response = await get(server.url, q(missing), lang ? `${cookies["union.legal"]}; ts_lang=${lang}` : cookies["union.legal"]);
      return { status: response.status, body: await response.json() };
    };
    expect(await answer()).toEqual({ status: 400, body: { error: "bad_request", field: "ordersPerDay", message: "参数 ordersPerDay:缺少每日单量 (Enter the number of orders a day)" } });
    expect(await answer("en")).toEqual({ status: 400, body: { error: "bad_request", field: "ordersPerDay", message: "Parameter ordersPerDay: Enter the number of orders a day" } });
  });

  it("EV-8 has export.json's access", async () => {
    expect((await get(server.url, q(base()))).status).toBe(401);
    expect((await get(server.url, q(base()), cookies.outsider)).status).toBe(403);
  });
});

describe("the area on the start form (EV-9)", () => {
  const START = {
    title: "二类地区站点集体合同",
    scope: "enterprise",
    region: "某旗",
    industry: "网络餐饮配送",
    unionOrgId: "org-station",
    enterpriseOrgId: "org-platform",
    mode: "standard",
    higherUnionOrgId: "",
    proposedBySide: "union",
    proposedOn: "2027-03-01",
    creatorSide: "union",
    creatorRole: "chief",
    draftSource: "blank",
  };

  it("EV-9 offers every known area, keeps the chosen one, and refuses an unknown one with a field error", async () => {
    const page = await (await get(server.url, "/negotiations/new", cookies["union.chief"])).text();
    expect(page).toContain('name="minimumWageArea"');
    expect(page).toContain(">内蒙古·二类<");
    const started = await post("/negotiations/new", "union.chief", { ...START, minimumWageArea: "内蒙古·二类" });
    expect(started.status).toBe(302);
    const id = started.headers.get("location")!.split("/").pop()!;
    expect((await server.context.driver.db.select({ area: negotiations.minimumWageArea }).from(negotiations).where(eq(negotiations.id, id)).limit(1))[0]!.area).toBe("内蒙古·二类");
    const evidence = (await getJson(`/negotiations/${id}/evidence.json`, "union.chief")).body;
    expect(evidence.area).toMatchObject({ name: "内蒙古·二类", monthly: 2200, hourly: 21.7 });
    const refused = await post("/negotiations/new", "union.chief", { ...START, minimumWageArea: "火星·一类" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("请选择已有最低工资标准的地区");
  });
});

describe("findings in the exported redline (EV-10)", () => {
  it("EV-10 compare.docx carries the newer round's findings as comments on the clause, with floor and source", async () => {
    const response = await get(server.url, `/negotiations/${N}/compare.docx?from=${v1}&to=${v2}`, cookies["union.legal"]);
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    const comments = (await zip.file("word/comments.xml")!.async("string")).replace(/<[^>]+>/g, "");
    expect(comments).toContain("法定底线核查:违反法定底线】连续接单 5小时 才提示休息,超过 4 小时的上限");
    expect(comments).toContain("依据:《关于落实网络餐饮平台责任 切实维护外卖送餐员权益的指导意见》");
    expect(comments).toContain("较上一轮减弱");
    const documentXml = await zip.file("word/document.xml")!.async("string");
    expect(documentXml).toContain("w:commentReference");
  });
});

describe("the negotiation's minimum-wage area (EV-9)", () => {
  const area = async () => (await server.context.driver.db.select({ area: negotiations.minimumWageArea }).from(negotiations).where(eq(negotiations.id, N)).limit(1))[0]!.area;

  it("EV-9 the demo is 一类; only a chief changes it, to a known area, audited; the checks follow", async () => {
    expect(await area()).toBe("内蒙古·一类");
    expect((await post(`/negotiations/${N}/wage-area`, "union.rep", { area: "内蒙古·三类" })).status).toBe(403);
    expect((await post(`/negotiations/${N}/wage-area`, "union.legal", { area: "内蒙古·三类" })).status).toBe(403);
    const unknown = await post(`/negotiations/${N}/wage-area`, "union.chief", { area: "火星·一类" });
    expect(unknown.status).toBe(400);
    expect(await area()).toBe("内蒙古·一类");
    const changed = await post(`/negotiations/${N}/wage-area`, "platform.chief", { area: "内蒙古·三类" });
    expect(changed.status).toBe(200);
    expect(await area()).toBe("内蒙古·三类");
    expect((await getJson(`/negotiations/${N}/evidence.json`)).body.area).toMatchObject({ name: "内蒙古·三类", monthly: 2140, hourly: 21.1 });
    expect((await getJson(`/negotiations/${N}/impact.json?from=${v1}&to=${v2}&ordersPerDay=40&daysPerMonth=26&hoursPerDay=7.79`)).body.floor).toEqual({ monthly: 2140, hourly: 21.1 });
    const audit = await server.context.driver.db.select().from(auditLog).where(eq(auditLog.action, "negotiation.wage_area_changed"));
    expect(JSON.parse(audit.at(-1)!.detail)).toEqual({ from: "内蒙古·一类", to: "内蒙古·三类" });
    expect((await post(`/negotiations/${N}/wage-area`, "union.chief", { area: "内蒙古·一类" })).status).toBe(200);
  });
});
