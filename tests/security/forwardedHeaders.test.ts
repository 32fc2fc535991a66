import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upgradeStatus } from "../setup/collabClient";
import { DEMO_NEGOTIATION, DEMO_PASSWORD, login, startTestServer, type TestServer } from "../setup/server";

/**
 * docs/SPEC.md X-6 (forwarded headers only from TRUST_PROXY) and X-7 (connect-src is our own
 * host). The test client reaches the server from 127.0.0.1 — the peer a proxy on the same machine
 * would be — so "not trusted" here is exactly the loopback peer the old code believed.
 */
let plain: TestServer;
let proxied: TestServer;

beforeAll(async () => {
  plain = await startTestServer();
  proxied = await startTestServer({ env: { TRUST_PROXY: "127.0.0.1" } });
});

afterAll(async () => {
  await plain?.stop();
  await proxied?.stop();
});

const post = (server: TestServer, path: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: "POST", body: new URLSearchParams(form), headers, redirect: "manual" });

const connectSrc = (response: Response) =>
  (response.headers.get("content-security-policy") ?? "").split(";").map((d) => d.trim()).find((d) => d.startsWith("connect-src")) ?? "";

/** A GET with a Host header fetch() would not let us forge. */
function getWithHost(server: TestServer, host: string): Promise<{ status: number; csp: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: server.port, path: "/login", headers: { Host: host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, csp: String(res.headers["content-security-policy"] ?? "") });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("X-6 without TRUST_PROXY nobody's X-Forwarded-* headers count", () => {
  it("X-6 a forged X-Forwarded-For does not rotate the sign-in throttle's address", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await post(plain, "/login", { username: "city.union", password: `wrong-${i}` }, { "X-Forwarded-For": `198.51.100.${i}` })).status).toBe(401);
    }
    const sixth = await post(plain, "/login", { username: "city.union", password: DEMO_PASSWORD }, { "X-Forwarded-For": "198.51.100.77" });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("set-cookie")).toBeNull();
  });

  it("X-6 a forged X-Forwarded-Host does not pass the cross-site check (form posts and the WebSocket)", async () => {
    const signIn = await post(plain, "/login", { username: "union.rep", password: DEMO_PASSWORD }, { Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" });
    expect(signIn.status).toBe(403);
    expect(signIn.headers.get("set-cookie")).toBeNull();
    const cookie = await login(plain.url, "union.chief");
    expect(await upgradeStatus(plain.url, `/collab/${DEMO_NEGOTIATION}`, { Cookie: cookie, Origin: "http://evil.example", "X-Forwarded-Host": "evil.example" })).toBe(403);
  });

  it("X-6 a forged X-Forwarded-Proto makes neither a Secure cookie nor HSTS", async () => {
    const response = await post(plain, "/login", { username: "union.rep", password: DEMO_PASSWORD }, { "X-Forwarded-Proto": "https" });
    expect(response.status).toBe(302);
    expect(response.headers.get("set-cookie")).not.toMatch(/; Secure/);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("X-6 with TRUST_PROXY=127.0.0.1 the proxy's headers are honoured", () => {
  it("X-6 the throttle counts the address the proxy names", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await post(proxied, "/login", { username: "city.union", password: `wrong-${i}` }, { "X-Forwarded-For": "203.0.113.5" })).status).toBe(401);
    }
    expect((await post(proxied, "/login", { username: "city.union", password: DEMO_PASSWORD }, { "X-Forwarded-For": "203.0.113.5" })).status).toBe(429);
    // Another client behind the same proxy is its own address: the owner signs in.
    expect((await post(proxied, "/login", { username: "city.union", password: DEMO_PASSWORD }, { "X-Forwarded-For": "198.51.100.20" })).status).toBe(302);
  });

  it("X-6 the public host the proxy names is the host the Origin is compared with", async () => {
    const same = await post(proxied, "/login", { username: "union.rep", password: DEMO_PASSWORD }, { Origin: "https://tongshang.example", "X-Forwarded-Host": "tongshang.example" });
    expect(same.status).toBe(302);
    const foreign = await post(proxied, "/login", { username: "union.rep", password: DEMO_PASSWORD }, { Origin: "https://evil.example", "X-Forwarded-Host": "tongshang.example" });
    expect(foreign.status).toBe(403);
  });

  it("X-6, X-7 behind a TLS proxy: Secure cookie, HSTS, and connect-src the public host's wss: URL", async () => {
    const headers = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "tongshang.example" };
    const response = await post(proxied, "/login", { username: "union.rep", password: DEMO_PASSWORD }, headers);
    expect(response.status).toBe(302);
    expect(response.headers.get("set-cookie")).toMatch(/; Secure/);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const page = await fetch(`${proxied.url}/login`, { headers });
    expect(connectSrc(page)).toBe("connect-src 'self' wss://tongshang.example");
  });
});

describe("X-7 connect-src names our own origin only", () => {
  it("X-7 no ws:/wss: wildcard: 'self' and this host's ws: URL", async () => {
    const page = await fetch(`${plain.url}/login`);
    const directive = connectSrc(page);
    expect(directive).toBe(`connect-src 'self' ws://127.0.0.1:${plain.port}`);
    expect(directive.split(/\s+/)).not.toContain("ws:");
    expect(directive.split(/\s+/)).not.toContain("wss:");
  });

  it("X-7 a forged X-Forwarded-Host from an untrusted peer does not move connect-src", async () => {
    const page = await fetch(`${plain.url}/login`, { headers: { "X-Forwarded-Host": "evil.example" } });
    expect(connectSrc(page)).toBe(`connect-src 'self' ws://127.0.0.1:${plain.port}`);
  });

  it("X-7 a Host header that is not a host adds nothing to the policy (no injection)", async () => {
    const injected = await getWithHost(plain, "evil.example;script-src");
    expect(injected.csp).toContain("connect-src 'self';");
    expect(injected.csp).not.toContain("evil.example");
    expect(injected.csp.match(/script-src/g)).toHaveLength(1);
  });
});
