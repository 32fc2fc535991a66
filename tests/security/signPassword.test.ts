import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signOffs } from "~/db/schema";
import { LOGIN_THROTTLE } from "~/server/auth/loginThrottle";
import { DEMO_NEGOTIATION, DEMO_PASSWORD, login, startTestServer, type TestServer } from "../setup/server";

/**
 * docs/SPEC.md X-2: the sign form is no password oracle. Someone who cannot sign now gets the
 * same answer whatever password they type, that answer is the wrong-password answer, and wrong
 * passwords count in the sign-in throttle (the same 429 as the login form).
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const SIGN = `/negotiations/${DEMO_NEGOTIATION}/sign?_data=${encodeURIComponent("routes/negotiations.$id.sign")}`;

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["observer", "platform.chief", "union.legal"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  await server?.stop();
});

async function sign(user: string, password: string): Promise<{ status: number; body: string; retryAfter: string | null }> {
  const response = await fetch(`${server.url}${SIGN}`, { method: "POST", headers: { Cookie: cookies[user] }, body: new URLSearchParams({ intent: "sign", password }), redirect: "manual" });
  return { status: response.status, body: await response.text(), retryAfter: response.headers.get("retry-after") };
}

const signOffCount = async () => (await server.driver.db.select().from(signOffs)).length;

describe("X-2 the sign form answers the same for a wrong password and for someone who cannot sign", () => {
  it("X-2 an observer (never a signatory) gets identical answers for the right and a wrong password", async () => {
    const right = await sign("observer", DEMO_PASSWORD);
    const wrong = await sign("observer", "not-the-password");
    expect(right.status).toBe(403);
    expect(wrong).toEqual(right);
    expect(right.body).toContain("未签署");
    expect(await signOffCount()).toBe(0);
  });

  it("X-2 a signatory before the agreement is ready gets identical answers too", async () => {
    const right = await sign("platform.chief", DEMO_PASSWORD);
    const wrong = await sign("platform.chief", "not-the-password");
    expect(wrong).toEqual(right);
    expect(await signOffCount()).toBe(0);
  });

  it("X-2 repeated wrong passwords on the sign form are throttled like sign-in: 429 with Retry-After, on both forms", async () => {
    const limit = LOGIN_THROTTLE.maxFailuresPerAccountAndAddress;
    for (let i = 0; i < limit; i++) expect((await sign("union.legal", `guess-${i}`)).status).toBe(403);
    const throttled = await sign("union.legal", DEMO_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.retryAfter)).toBeGreaterThan(0);
    expect(throttled.body).toMatch(/次数过多.*\d+ 秒/);
    const signIn = await fetch(`${server.url}/login`, { method: "POST", body: new URLSearchParams({ username: "union.legal", password: DEMO_PASSWORD }), redirect: "manual" });
    expect(signIn.status).toBe(429);
    expect(signIn.headers.get("set-cookie")).toBeNull();
  });

  it("X-2 the right password typed by someone who cannot sign does not count as a failure", async () => {
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAccountAndAddress + 2; i++) expect((await sign("observer", DEMO_PASSWORD)).status).toBe(403);
  });
});
