import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { count, desc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invites, negotiations, participants } from "~/db/schema";
import { chinaToday, proposalAnswerDeadline } from "~/shared/rules/deadlines";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

/*
 * Starting a negotiation (要约), managing its participants and invite links, driven over HTTP
 * against the real server with the demo seeded (run `npx remix vite:build` first).
 */
let server: TestServer;
const cookies: Record<string, string> = {};

function post(path: string, cookie: string | undefined, body: Record<string, string> | FormData): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: cookie ? { Cookie: cookie } : {},
    body: body instanceof FormData ? body : new URLSearchParams(body),
    redirect: "manual",
  });
}

async function myNegotiations(user: string): Promise<{ id: string; title: string }[]> {
  const response = await get(server.url, "/api/negotiations", cookies[user]);
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; title: string }[];
}

async function negotiationCount(): Promise<number> {
  return (await server.driver.db.select({ n: count() }).from(negotiations).limit(1))[0]!.n;
}

async function lastAudit(negotiationId: string) {
  return (await server.driver.db.select().from(auditLog).where(eq(auditLog.negotiationId, negotiationId)).orderBy(desc(auditLog.id)).limit(1))[0]!;
}

const START = {
  title: "青城快送新城站点集体合同",
  scope: "enterprise",
  region: "青城市新城区",
  industry: "网络餐饮配送",
  unionOrgId: "org-station",
  enterpriseOrgId: "org-platform",
  mode: "participate",
  higherUnionOrgId: "org-district",
  proposedBySide: "union",
  proposedOn: "2027-03-01",
  creatorSide: "union",
  creatorRole: "chief",
  draftSource: "blank",
};

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.chief", "union.rep", "platform.chief", "platform.rep", "city.union", "outsider", "admin", "observer"]) {
    cookies[user] = await login(server.url, user);
  }
});

afterAll(async () => {
  await server?.stop();
});

describe("starting a negotiation (要约)", () => {
  it("shows the form with today's answer deadline (20 days, China time)", async () => {
    const response = await get(server.url, "/negotiations/new", cookies["union.chief"]);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`data-testid="answer-deadline">${proposalAnswerDeadline(chinaToday())}<`);
    expect(html).toContain("青城市网络餐饮配送行业工会联合会");
  });

  it("sends a signed-out visitor to sign in", async () => {
    const response = await get(server.url, "/negotiations/new");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fnegotiations%2Fnew");
  });

  let blankId = "";
  it("starts one with a blank draft and takes the starter in as chief", async () => {
    const response = await post("/negotiations/new", cookies["union.chief"], START);
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/negotiations\/n_[A-Za-z0-9]+$/);
    blankId = location.split("/").pop()!;
    expect((await myNegotiations("union.chief")).map((n) => n.title)).toContain(START.title);
    const exported = (await (await get(server.url, `/negotiations/${blankId}/export.json`, cookies["union.chief"])).json()) as { title: string; clauses: { topic: string }[] };
    expect(exported.title).toBe(START.title);
    expect(exported.clauses).toHaveLength(1);
    expect(exported.clauses[0]!.topic).toBe("general");
    const row = (await server.driver.db.select().from(negotiations).where(eq(negotiations.id, blankId)).limit(1))[0]!;
    expect(row).toMatchObject({ mode: "participate", higherUnionOrgId: "org-district", proposedOn: "2027-03-01", status: "proposed" });
    expect(await server.driver.db.select().from(participants).where(eq(participants.negotiationId, blankId))).toMatchObject([{ side: "union", role: "chief" }]);
    expect((await lastAudit(blankId)).action).toBe("negotiation.started");
  });

  it("starts one from an uploaded JSON draft in the fixtures' shape", async () => {
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...START, title: "导入草案的协商", mode: "standard", higherUnionOrgId: "", draftSource: "import" })) form.set(key, value);
    const uploaded = readFileSync("db/seed-data/agreement-v1.json");
    form.set("draftFile", new Blob([uploaded], { type: "application/json" }), "agreement-v1.json");
    const started = await post("/negotiations/new", cookies["union.chief"], form);
    expect(started.status).toBe(302);
    const id = started.headers.get("location")!.split("/").pop()!;
    const exported = (await (await get(server.url, `/negotiations/${id}/export.json`, cookies["union.chief"])).json()) as { clauses: { id: string }[] };
    expect(exported.clauses).toHaveLength(33);
    // The clause ids are the uploaded draft's own.
    expect(exported.clauses[0]!.id).toBe((JSON.parse(uploaded.toString("utf8")) as { clauses: { id: string }[] }).clauses[0]!.id);
    expect((await server.driver.db.select().from(negotiations).where(eq(negotiations.id, id)).limit(1))[0]!.higherUnionOrgId).toBeNull();
  });

  it("refuses bad input with 400 and Chinese field errors, writing nothing", async () => {
    const before = await negotiationCount();
    const response = await post("/negotiations/new", cookies["union.chief"], { ...START, title: " ", mode: "represent", higherUnionOrgId: "", proposedOn: "2027-02-30" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("请输入协商标题");
    expect(html).toContain("上代下、上参下方式必须选择上级工会");
    expect(html).toContain("请输入有效日期");
    expect(html).toContain('aria-invalid="true"');
    expect(await negotiationCount()).toBe(before);
  });

  it("refuses a higher-level union that is not above the union side", async () => {
    const before = await negotiationCount();
    const response = await post("/negotiations/new", cookies["union.chief"], { ...START, higherUnionOrgId: "org-builders" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("上级工会必须是工会方组织在组织树中的上级");
    expect(await negotiationCount()).toBe(before);
  });

  it("names the wrong field of a bad JSON draft and writes nothing", async () => {
    const before = await negotiationCount();
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...START, draftSource: "import" })) form.set(key, value);
    const bad = { title: "协议", clauses: [{ id: "c1", topic: "general", title: "总则", body: "" }, { id: "c2", topic: "wages", title: "工资", body: "" }] };
    form.set("draftFile", new Blob([JSON.stringify(bad)], { type: "application/json" }), "bad.json");
    const response = await post("/negotiations/new", cookies["union.chief"], form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("clauses[1].topic");
    const notJson = new FormData();
    for (const [key, value] of Object.entries({ ...START, draftSource: "import" })) notJson.set(key, value);
    notJson.set("draftFile", new Blob(["{ not json"], { type: "application/json" }), "bad.json");
    const second = await post("/negotiations/new", cookies["union.chief"], notJson);
    expect(second.status).toBe(400);
    expect(await second.text()).toContain("不是有效的 JSON");
    expect(await negotiationCount()).toBe(before);
  });

  it("refuses a draft over 2 MB", async () => {
    const before = await negotiationCount();
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...START, draftSource: "import" })) form.set(key, value);
    form.set("draftFile", new Blob(["x".repeat(2 * 1024 * 1024 + 10)], { type: "application/json" }), "huge.json");
    const response = await post("/negotiations/new", cookies["union.chief"], form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("文件超过 2 MB");
    expect(await negotiationCount()).toBe(before);
  });

  describe("participants", () => {
    const path = () => `/negotiations/${blankId}/participants`;
    it("union.chief invites union.rep by username; the invitee sees the negotiation", async () => {
      expect((await myNegotiations("union.rep")).map((n) => n.id)).not.toContain(blankId);
      const response = await post(path(), cookies["union.chief"], { intent: "invite", username: "union.rep", side: "union", role: "representative" });
      expect(response.status).toBe(200);
      expect((await myNegotiations("union.rep")).map((n) => n.id)).toContain(blankId);
      expect(await lastAudit(blankId)).toMatchObject({ action: "participant.invited", actorId: expect.any(String) });
    });

    it("says clearly when the user already takes part", async () => {
      const response = await post(path(), cookies["union.chief"], { intent: "invite", username: "union.rep", side: "union", role: "representative" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("已是本协商的参与者");
    });

    it("refuses a role that does not fit the side, an unknown user, and a person from the other side", async () => {
      const mismatch = await post(path(), cookies["union.chief"], { intent: "invite", username: "observer", side: "observer", role: "chief" });
      expect(mismatch.status).toBe(400);
      expect(await mismatch.text()).toContain("该角色与所选席位不符");
      const unknown = await post(path(), cookies["union.chief"], { intent: "invite", username: "nobody.here", side: "union", role: "representative" });
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain("没有此有效账号,或此人不能担任该席位"); // X-8: one answer for both
      const otherSide = await post(path(), cookies["union.chief"], { intent: "invite", username: "platform.rep", side: "union", role: "representative" });
      expect(otherSide.status).toBe(400);
      expect(await otherSide.text()).toContain("没有此有效账号,或此人不能担任该席位");
    });

    it("seats as the higher-level union only someone of a union above the bargaining union", async () => {
      const unrelated = await post(path(), cookies["union.chief"], { intent: "invite", username: "outsider", side: "union", role: "higher_union" });
      expect(unrelated.status).toBe(400);
      expect(await unrelated.text()).toContain("没有此有效账号,或此人不能担任该席位");
      const city = await post(path(), cookies["union.chief"], { intent: "invite", username: "city.union", side: "union", role: "higher_union" });
      expect(city.status).toBe(200);
    });

    it("lets a chief seat only their own side (and observers)", async () => {
      const response = await post(path(), cookies["union.chief"], { intent: "invite", username: "platform.chief", side: "enterprise", role: "chief" });
      expect(response.status).toBe(403);
      const observer = await post(path(), cookies["union.chief"], { intent: "invite", username: "observer", side: "observer", role: "observer" });
      expect(observer.status).toBe(200);
    });

    it("refuses platform.rep (not a chief) with 403, on the demo negotiation", async () => {
      const response = await post(`/negotiations/${DEMO_NEGOTIATION}/participants`, cookies["platform.rep"], { intent: "invite", username: "outsider", side: "enterprise", role: "representative" });
      expect(response.status).toBe(403);
      const page = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/participants`, cookies["platform.rep"]);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("只有首席代表和上级工会可以调整参与人员");
      expect(html).not.toContain('value="invite"');
      expect(html).toContain("王建国");
    });

    it("changes a seat and removes a participant, each audited", async () => {
      const page = await (await get(server.url, path(), cookies["union.chief"])).text();
      const participantId = /name="participantId" value="(p_[A-Za-z0-9]+)"/.exec(page.slice(page.indexOf('data-username="union.rep"')))![1]!;
      const changed = await post(path(), cookies["union.chief"], { intent: "changeSeat", participantId, side: "union", role: "legal_adviser", outsideExpert: "on" });
      expect(changed.status).toBe(200);
      expect((await server.driver.db.select().from(participants).where(eq(participants.id, participantId)).limit(1))[0]).toMatchObject({ role: "legal_adviser", outsideExpert: true });
      expect((await lastAudit(blankId)).action).toBe("participant.role_changed");
      const removed = await post(path(), cookies["union.chief"], { intent: "remove", participantId });
      expect(removed.status).toBe(200);
      expect((await lastAudit(blankId)).action).toBe("participant.removed");
      expect((await myNegotiations("union.rep")).map((n) => n.id)).not.toContain(blankId);
    });

    it("shows the representation warnings, prominent for a chief", async () => {
      const chief = await (await get(server.url, path(), cookies["union.chief"])).text();
      expect(chief).toMatch(/class="card warnings prominent"/);
      expect(chief).toContain("企业方尚未确定首席代表");
      const observer = await (await get(server.url, path(), cookies.observer)).text();
      expect(observer).toContain("企业方尚未确定首席代表");
      expect(observer).not.toMatch(/warnings prominent/);
    });
  });
});

describe("invite links", () => {
  const path = `/negotiations/${DEMO_NEGOTIATION}/participants`;

  async function createLink(user = "union.chief", seat = { side: "union", role: "representative" }): Promise<string> {
    const response = await post(path, cookies[user], { intent: "createLink", ...seat });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<svg");
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(html)?.[1];
    expect(token).toBeDefined();
    return token!;
  }

  it("stores only the token's SHA-256", async () => {
    const token = await createLink();
    const rows = await server.driver.db.select({ id: invites.id }).from(invites);
    expect(rows.some((r) => r.id === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });

  it("sends a signed-out visitor to sign in and back", async () => {
    const token = await createLink();
    const response = await get(server.url, `/invite/${token}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`);
  });

  it("is accepted once by an outsider, then refused", async () => {
    const token = await createLink();
    expect((await myNegotiations("outsider")).map((n) => n.id)).not.toContain(DEMO_NEGOTIATION);
    const page = await get(server.url, `/invite/${token}`, cookies.outsider);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("青城市网络餐饮配送行业集体合同");
    const accepted = await post(`/invite/${token}`, cookies.outsider, {});
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/negotiations/${DEMO_NEGOTIATION}`);
    expect((await myNegotiations("outsider")).map((n) => n.id)).toContain(DEMO_NEGOTIATION);
    expect(await lastAudit(DEMO_NEGOTIATION)).toMatchObject({ action: "participant.invited" });

    const again = await post(`/invite/${token}`, cookies.admin, {});
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("该邀请链接已被使用");
    const shown = await get(server.url, `/invite/${token}`, cookies.admin);
    expect(shown.status).toBe(410);
    expect((await myNegotiations("admin")).map((n) => n.id)).not.toContain(DEMO_NEGOTIATION);
  });

  it("refuses an expired link and an unknown one", async () => {
    const token = await createLink();
    await server.driver.write(async (tx) => { await tx.update(invites).set({ expiresAt: Date.now() - 1000 }).where(isNull(invites.usedAt)); });
    const expired = await post(`/invite/${token}`, cookies.admin, {});
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("该邀请链接已过期");
    const unknown = await get(server.url, `/invite/${"A".repeat(43)}`, cookies.admin);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("邀请链接无效");
  });

  it("cannot be created by platform.rep", async () => {
    const response = await post(path, cookies["platform.rep"], { intent: "createLink", side: "enterprise", role: "representative" });
    expect(response.status).toBe(403);
  });

  it("an unused link is revoked by its side's manager and can no longer be used; the other side's chief may not revoke it", async () => {
    const token = await createLink();
    const inviteId = createHash("sha256").update(token, "utf8").digest("hex");
    expect((await post(path, cookies["platform.chief"], { intent: "revokeLink", inviteId })).status).toBe(403);
    expect((await post(path, cookies["union.chief"], { intent: "revokeLink", inviteId: "not-a-hash" })).status).toBe(400);
    expect((await post(path, cookies["union.chief"], { intent: "revokeLink", inviteId })).status).toBe(200);
    expect(await lastAudit(DEMO_NEGOTIATION)).toMatchObject({ action: "invite.revoked" });
    expect((await post(`/invite/${token}`, cookies.admin, {})).status).toBe(410);
    expect((await post(path, cookies["union.chief"], { intent: "revokeLink", inviteId })).status).toBe(400);
  });
});
