import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { negotiations } from "~/db/schema";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";

/**
 * docs/SPEC.md X-3 (the starter's own seat keeps the invitation rule, 集体合同规定第二十四条) and
 * X-8 (inviting by username does not tell a chief which usernames exist).
 */
let server: TestServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.rep", "union.chief", "platform.chief"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  await server?.stop();
});

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

const negotiationCount = async () => (await server.driver.db.select({ n: count() }).from(negotiations).limit(1))[0]!.n;

function post(path: string, user: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookies[user] }, body: new URLSearchParams(form), redirect: "manual" });
}

describe("X-3 the starter's own seat is checked like an invited seat", () => {
  it("X-3 a union member cannot start a negotiation seated as the enterprise's chief: field error, nothing created", async () => {
    const before = await negotiationCount();
    const response = await post(`/negotiations/new?_data=${encodeURIComponent("routes/negotiations.new")}`, "union.rep", { ...START, creatorSide: "enterprise", creatorRole: "chief" });
    expect(response.status).toBe(400);
    const data = (await response.json()) as { errors: Record<string, string> };
    expect(data.errors.creatorSide).toContain("同一人不得同时代表双方");
    expect(await negotiationCount()).toBe(before);
  });

  it("X-3 an enterprise member cannot start seated on the union side, and the page shows the error at the field", async () => {
    const before = await negotiationCount();
    const response = await post("/negotiations/new", "platform.chief", { ...START, proposedBySide: "enterprise", creatorSide: "union", creatorRole: "representative" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/id="creatorSide-error"[^>]*>[^<]*同一人不得同时代表双方/);
    expect(await negotiationCount()).toBe(before);
  });

  it("X-3 the higher-level union's seat is for someone of that union", async () => {
    const before = await negotiationCount();
    const response = await post(`/negotiations/new?_data=${encodeURIComponent("routes/negotiations.new")}`, "union.rep", { ...START, creatorRole: "higher_union" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Record<string, string> }).errors.creatorRole).toContain("上级工会席位");
    expect(await negotiationCount()).toBe(before);
  });

  it("X-3 the starter's own side still starts as before", async () => {
    const response = await post("/negotiations/new", "union.rep", START);
    expect(response.status).toBe(302);
  });
});

describe("X-8 inviting by username answers alike for an unknown name and for a person who cannot take the seat", () => {
  const PARTICIPANTS = `/negotiations/${DEMO_NEGOTIATION}/participants?_data=${encodeURIComponent("routes/negotiations.$id.participants")}`;

  async function invite(username: string, side: string, role: string) {
    const response = await post(PARTICIPANTS, "union.chief", { intent: "invite", username, side, role });
    const text = await response.text();
    return { status: response.status, body: text.split(username).join("<name>") };
  }

  it("X-8 unknown, other side's and not-the-higher-union's usernames get one answer", async () => {
    const unknown = await invite("nobody.here", "union", "representative");
    const otherSide = await invite("platform.rep", "union", "representative");
    const unknownHigher = await invite("nobody.here", "union", "higher_union");
    const notHigher = await invite("outsider", "union", "higher_union");
    expect(unknown.status).toBe(400);
    expect(otherSide).toEqual(unknown);
    expect(notHigher).toEqual(unknownHigher);
    expect(unknownHigher).toEqual(unknown);
    expect(unknown.body).toContain("无法为");
    expect(unknown.body).not.toMatch(/同一人不得|上级工会席位须|找不到用户/);
  });

  it("X-8 what is about the seat alone (not the person) is still told plainly", async () => {
    const mismatch = await invite("nobody.here", "observer", "chief");
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toContain("该角色与所选席位不符");
    const otherSidesSeat = await invite("nobody.here", "enterprise", "representative");
    expect(otherSidesSeat.status).toBe(403);
  });
});
