import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users, versions } from "~/db/schema";
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from "~/server/auth/sessions";
import { isCrossOrigin } from "~/server/http/origin";
import { proxyTrust } from "~/server/http/proxyTrust";
import { upgradeStatus } from "../setup/collabClient";
import { DEMO_NEGOTIATION, DEMO_PASSWORD, get, login, startTestServer, type TestServer } from "../setup/server";

/** Issue 8, access: sessions, sign-in throttling, CSRF and security headers (ADR 004, ADR 015). */
let server: TestServer;
const EVIL = "https://evil.example";

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

const post = (path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: "POST", body: new URLSearchParams(form), headers, redirect: "manual" });

const apiStatus = async (cookie: string) => (await get(server.url, "/api/negotiations", cookie)).status;
const versionCount = async () => (await server.driver.db.select({ n: count() }).from(versions).where(eq(versions.negotiationId, DEMO_NEGOTIATION)).limit(1))[0]!.n;

describe("sessions", () => {
  it("every sign-in gets a new session id, also when it arrives with an old cookie (no fixation)", async () => {
    const first = await login(server.url, "union.rep");
    const second = await login(server.url, "union.rep");
    expect(second).not.toBe(first);
    const fixed = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ username: "union.rep", password: DEMO_PASSWORD }),
      headers: { Cookie: `${SESSION_COOKIE}=attacker-chosen-value` },
      redirect: "manual",
    });
    expect(fixed.status).toBe(302);
    expect(fixed.headers.get("set-cookie")).not.toContain("attacker-chosen-value");
    expect(await apiStatus(`${SESSION_COOKIE}=attacker-chosen-value`)).toBe(401);
  });

  it("logout ends the session on the server: the old cookie is refused by pages, APIs and the WebSocket", async () => {
    const cookie = await login(server.url, "platform.rep");
    expect(await apiStatus(cookie)).toBe(200);
    const out = await post("/logout", {}, { Cookie: cookie });
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await apiStatus(cookie)).toBe(401);
    expect((await get(server.url, `/negotiations/${DEMO_NEGOTIATION}`, cookie)).headers.get("location")).toMatch(/^\/login/);
    expect(await upgradeStatus(server.url, `/collab/${DEMO_NEGOTIATION}`, { Cookie: cookie })).toBe(401);
  });

  it("an expired session is refused", async () => {
    const user = (await server.driver.db.select().from(users).where(eq(users.username, "union.chief")).limit(1))[0]!;
    const { token } = await server.driver.write(async (tx) => createSession(tx, user.id, server.context.env.sessionSecret, Date.now() - SESSION_TTL_MS - 1_000));
    const cookie = `${SESSION_COOKIE}=${token}`;
    expect(await apiStatus(cookie)).toBe(401);
    expect(await upgradeStatus(server.url, `/collab/${DEMO_NEGOTIATION}`, { Cookie: cookie })).toBe(401);
    // and a fresh one for the same user works, so it was the expiry that counted
    const { token: fresh } = await server.driver.write(async (tx) => createSession(tx, user.id, server.context.env.sessionSecret));
    expect(await apiStatus(`${SESSION_COOKIE}=${fresh}`)).toBe(200);
  });

  it("the session table holds no usable token (only its HMAC)", async () => {
    const cookie = await login(server.url, "observer");
    const token = decodeURIComponent(cookie.split("=")[1]);
    const ids = (await server.driver.db.select({ id: sessions.id }).from(sessions)).map((s) => s.id);
    expect(ids).not.toContain(token);
  });

  it("sign-in throttling holds: 429 with Retry-After after 5 failures, even with the right password; other accounts unaffected", async () => {
    for (let i = 0; i < 5; i++) expect((await post("/login", { username: "city.union", password: `wrong-${i}` })).status).toBe(401);
    const blocked = await post("/login", { username: "city.union", password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.headers.get("set-cookie")).toBeNull();
    expect(await blocked.text()).toMatch(/\d+/);
    expect((await post("/login", { username: "union.legal", password: DEMO_PASSWORD })).status).toBe(302);
  });
});

describe("CSRF: cross-site writes are refused before anything is read or written", () => {
  it("a cross-origin POST (Origin: https://evil.example) is 403 and writes nothing", async () => {
    const cookie = await login(server.url, "union.chief");
    const before = await versionCount();
    const save = await post(`/negotiations/${DEMO_NEGOTIATION}/versions`, { intent: "save", label: "跨站保存", note: "" }, { Cookie: cookie, Origin: EVIL });
    expect(save.status).toBe(403);
    expect(await save.text()).toMatch(/跨站|cross-site/);
    expect(await versionCount()).toBe(before);
    // Sec-Fetch-Site alone (a browser that withholds Origin) is refused too.
    const fetchSite = await post(`/negotiations/${DEMO_NEGOTIATION}/versions`, { intent: "save", label: "跨站保存", note: "" }, { Cookie: cookie, "Sec-Fetch-Site": "cross-site" });
    expect(fetchSite.status).toBe(403);
    expect(await versionCount()).toBe(before);
    // Logging someone out from another site does not work either.
    expect((await post("/logout", {}, { Cookie: cookie, Origin: EVIL })).status).toBe(403);
    expect(await apiStatus(cookie)).toBe(200);
    // The same request from our own origin goes through.
    const own = await post(`/negotiations/${DEMO_NEGOTIATION}/versions`, { intent: "save", label: "同源保存", note: "" }, { Cookie: cookie, Origin: server.url, "Sec-Fetch-Site": "same-origin" });
    expect(own.status).toBeLessThan(400);
    expect(await versionCount()).toBe(before + 1);
  });

  it("login CSRF: a cross-origin sign-in gets no cookie", async () => {
    const response = await post("/login", { username: "union.chief", password: DEMO_PASSWORD }, { Origin: EVIL });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("C-2: a cross-origin WebSocket upgrade is refused 403, also with Origin: null", async () => {
    const cookie = await login(server.url, "union.chief");
    expect(await upgradeStatus(server.url, `/collab/${DEMO_NEGOTIATION}`, { Cookie: cookie, Origin: EVIL })).toBe(403);
    expect(await upgradeStatus(server.url, `/collab/${DEMO_NEGOTIATION}`, { Cookie: cookie, Origin: "null" })).toBe(403);
  });

  it("X-6 X-Forwarded-Host counts only from a proxy named in TRUST_PROXY, never from loopback by default", () => {
    const headers = { origin: EVIL, host: "tongshang.example", "x-forwarded-host": "evil.example" };
    expect(isCrossOrigin(headers, "127.0.0.1", proxyTrust(["127.0.0.1"]))).toBe(false); // our own proxy says the public host is evil.example
    expect(isCrossOrigin(headers, "127.0.0.1")).toBe(true); // a loopback peer nobody configured cannot move the host
    expect(isCrossOrigin(headers, "203.0.113.9", proxyTrust(["127.0.0.1"]))).toBe(true); // nor anyone else
    expect(isCrossOrigin({ host: "tongshang.example" }, "203.0.113.9")).toBe(false); // no Origin: judged by the cookie
  });
});

describe("security headers", () => {
  const paths = ["/login", "/healthz", `/negotiations/${DEMO_NEGOTIATION}/export.json`, "/no-such-page", "/favicon.ico"];
  for (const path of paths) {
    it(`${path}: CSP without inline scripts, frame-ancestors 'none', nosniff, referrer policy`, async () => {
      const cookie = await login(server.url, "union.legal");
      const response = await get(server.url, path, cookie);
      const csp = response.headers.get("content-security-policy") ?? "";
      const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
      expect(scriptSrc).toMatch(/^script-src 'self'/);
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    });
  }

  it("every inline script in a page carries this response's nonce", async () => {
    const response = await get(server.url, "/login");
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")![1];
    const html = await response.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
  });

  it("cookies are Secure (and HSTS is sent) when served over HTTPS behind a trusted proxy (TRUST_PROXY), not over plain HTTP", async () => {
    const proxied = await startTestServer({ env: { TRUST_PROXY: "127.0.0.1" } });
    const viaProxy = await fetch(`${proxied.url}/login`, { method: "POST", body: new URLSearchParams({ username: "union.rep", password: DEMO_PASSWORD }), headers: { "X-Forwarded-Proto": "https" }, redirect: "manual" });
    await proxied.stop();
    expect(viaProxy.status).toBe(302);
    expect(viaProxy.headers.get("set-cookie")).toMatch(/; Secure/);
    expect(viaProxy.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(viaProxy.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    expect(viaProxy.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const plain = await post("/login", { username: "union.rep", password: DEMO_PASSWORD });
    expect(plain.headers.get("set-cookie")).not.toMatch(/; Secure/);
  });
});
