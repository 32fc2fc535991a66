import { and, desc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, organisations, users } from "~/db/schema";
import { verifyChain } from "~/db/audit";
import { get, login, startTestServer, type TestServer } from "../setup/server";

/* Administration over HTTP against the real server: organisations, accounts, the admin guard. */
let server: TestServer;
const cookies: Record<string, string> = {};

function post(path: string, cookie: string | undefined, body: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", headers: cookie ? { Cookie: cookie } : {}, body: new URLSearchParams(body), redirect: "manual" });
}

function signIn(username: string, password: string): Promise<Response> {
  return fetch(`${server.url}/login`, { method: "POST", body: new URLSearchParams({ username, password }), redirect: "manual" });
}

async function userId(username: string): Promise<string> {
  return (await server.driver.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]!.id;
}

async function lastSystemAudit() {
  return (await server.driver.db.select().from(auditLog).where(isNull(auditLog.negotiationId)).orderBy(desc(auditLog.id)).limit(1))[0]!;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["admin", "union.chief", "platform.rep"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("the admin guard", () => {
  it("answers 403 to anyone who is not an administrator, and sends the signed-out to sign in", async () => {
    for (const path of ["/admin", "/admin/organisations", "/admin/accounts"]) {
      expect((await get(server.url, path, cookies["union.chief"])).status).toBe(403);
      expect((await get(server.url, path)).status).toBe(302);
      expect((await get(server.url, path, cookies.admin)).status).toBe(200);
    }
    const created = await post("/admin/accounts", cookies["platform.rep"], { intent: "createAccount", username: "sneaky", displayName: "x", password: "long-enough-1" });
    expect(created.status).toBe(403);
    expect((await server.driver.db.select().from(users).where(eq(users.username, "sneaky")).limit(1))[0]).toBeUndefined();
  });
});

describe("accounts", () => {
  it("creates an account that can sign in, audited without its password", async () => {
    const response = await post("/admin/accounts", cookies.admin, {
      intent: "createAccount",
      username: "rider.zhang",
      displayName: "张骑手",
      password: "rider-pass-2027",
      organisationId: "org-station",
    });
    expect(response.status).toBe(200);
    const row = (await server.driver.db.select().from(users).where(eq(users.username, "rider.zhang")).limit(1))[0]!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.organisationId).toBe("org-station");
    const audit = await lastSystemAudit();
    expect(audit.action).toBe("account.created");
    expect(audit.detail).not.toContain("rider-pass-2027");
    expect((await signIn("rider.zhang", "rider-pass-2027")).status).toBe(302);
  });

  it("refuses a taken username and a short password, in Chinese, creating nothing", async () => {
    const taken = await post("/admin/accounts", cookies.admin, { intent: "createAccount", username: "union.chief", displayName: "冒名", password: "long-enough-1" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("已被使用");
    const short = await post("/admin/accounts", cookies.admin, { intent: "createAccount", username: "rider.li", displayName: "李", password: "short" });
    expect(short.status).toBe(400);
    const html = await short.text();
    expect(html).toContain("密码至少 10 个字符");
    expect(html).toContain('aria-invalid="true"');
    expect((await server.driver.db.select().from(users).where(eq(users.username, "rider.li")).limit(1))[0]).toBeUndefined();
  });

  it("disabling an account ends its session at once; enabling lets it sign in again", async () => {
    const riderCookie = await login(server.url, "rider.zhang", "rider-pass-2027");
    expect((await get(server.url, "/api/negotiations", riderCookie)).status).toBe(200);
    const disabled = await post("/admin/accounts", cookies.admin, { intent: "disableAccount", userId: await userId("rider.zhang") });
    expect(disabled.status).toBe(200);
    expect((await lastSystemAudit()).action).toBe("account.disabled");
    expect((await get(server.url, "/api/negotiations", riderCookie)).status).toBe(401);
    expect((await signIn("rider.zhang", "rider-pass-2027")).status).toBe(401);
    expect((await post("/admin/accounts", cookies.admin, { intent: "enableAccount", userId: await userId("rider.zhang") })).status).toBe(200);
    expect((await signIn("rider.zhang", "rider-pass-2027")).status).toBe(302);
  });

  it("resets a password: the new one works, the old one and old sessions do not", async () => {
    const riderCookie = await login(server.url, "rider.zhang", "rider-pass-2027");
    const reset = await post("/admin/accounts", cookies.admin, { intent: "resetPassword", userId: await userId("rider.zhang"), password: "new-rider-pass-9" });
    expect(reset.status).toBe(200);
    expect((await get(server.url, "/api/negotiations", riderCookie)).status).toBe(401);
    expect((await signIn("rider.zhang", "rider-pass-2027")).status).toBe(401);
    expect((await signIn("rider.zhang", "new-rider-pass-9")).status).toBe(302);
  });

  it("will not let an administrator disable their own account", async () => {
    const response = await post("/admin/accounts", cookies.admin, { intent: "disableAccount", userId: await userId("admin") });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("不能停用自己的账号");
    expect((await get(server.url, "/admin", cookies.admin)).status).toBe(200);
  });
});

describe("organisations", () => {
  let newId = "";
  it("adds an organisation under a parent of the same kind", async () => {
    const response = await post("/admin/organisations", cookies.admin, { intent: "createOrganisation", name: "青城市快递行业工会联合会", kind: "union", level: "sector", parentId: "org-district" });
    expect(response.status).toBe(200);
    const row = (await server.driver.db.select().from(organisations).where(eq(organisations.name, "青城市快递行业工会联合会")).limit(1))[0]!;
    expect(row).toMatchObject({ kind: "union", level: "sector", parentId: "org-district" });
    newId = row.id;
    expect((await lastSystemAudit()).action).toBe("organisation.created");
    expect(await (await get(server.url, "/admin/organisations", cookies.admin)).text()).toContain("青城市快递行业工会联合会");
  });

  it("refuses a parent of another kind and an empty name", async () => {
    const kind = await post("/admin/organisations", cookies.admin, { intent: "createOrganisation", name: "某工会", kind: "union", level: "grassroots", parentId: "org-platform" });
    expect(kind.status).toBe(400);
    expect(await kind.text()).toContain("上级组织的类型不符");
    const empty = await post("/admin/organisations", cookies.admin, { intent: "createOrganisation", name: " ", kind: "union", level: "grassroots", parentId: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("请输入组织名称");
  });

  it("edits name, level and parent, and refuses a cycle", async () => {
    const moved = await post("/admin/organisations", cookies.admin, { intent: "editOrganisation", id: newId, name: "青城市快递物流行业工会联合会", level: "sector", parentId: "org-city" });
    expect(moved.status).toBe(200);
    expect((await server.driver.db.select().from(organisations).where(eq(organisations.id, newId)).limit(1))[0]).toMatchObject({ name: "青城市快递物流行业工会联合会", parentId: "org-city" });
    expect((await lastSystemAudit()).action).toBe("organisation.updated");
    const cycle = await post("/admin/organisations", cookies.admin, { intent: "editOrganisation", id: "org-city", name: "青城市总工会", level: "city", parentId: "org-sector" });
    expect(cycle.status).toBe(400);
    expect(await cycle.text()).toContain("不能把组织移到它自己或它的下级组织之下");
    expect((await server.driver.db.select().from(organisations).where(eq(organisations.id, "org-city")).limit(1))[0]!.parentId).toBe("org-region");
  });

  it("deletes an unused organisation but never one in use", async () => {
    const inUse = await post("/admin/organisations", cookies.admin, { intent: "deleteOrganisation", id: "org-sector" });
    expect(inUse.status).toBe(409);
    expect(await inUse.text()).toContain("仍在使用中");
    const removed = await post("/admin/organisations", cookies.admin, { intent: "deleteOrganisation", id: newId });
    expect(removed.status).toBe(200);
    expect((await server.driver.db.select().from(organisations).where(and(eq(organisations.id, newId))).limit(1))[0]).toBeUndefined();
  });

  it("keeps the system audit chain intact", async () => {
    expect(await verifyChain(server.driver.db, null)).toMatchObject({ ok: true });
  });
});
