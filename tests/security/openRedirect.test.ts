import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startTestServer, type TestServer } from "../setup/server";

/** docs/SPEC.md X-1: after sign-in the browser goes only to a place on the app's own origin. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

const signIn = (redirectTo: string) =>
  fetch(`${server.url}/login`, { method: "POST", body: new URLSearchParams({ username: "union.rep", password: DEMO_PASSWORD, redirectTo }), redirect: "manual" });

describe("X-1 sign-in redirects stay on our origin (POST /login)", () => {
  const hostile = ["/\t/evil.example", "/\n/evil.example", "/\u0000/evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example/", "javascript:alert(1)", " //evil.example"];
  for (const target of hostile) {
    it(`X-1 refuses redirectTo=${JSON.stringify(target)}: the session starts and the browser goes to /negotiations`, async () => {
      const response = await signIn(target);
      expect(response.status).toBe(302);
      expect(response.headers.get("set-cookie")).toContain("ts_session=");
      expect(response.headers.get("location")).toBe("/negotiations");
    });
  }

  it("X-1 keeps a path of our own, and an absolute URL of our own origin as its path", async () => {
    expect((await signIn("/negotiations/qingcheng-catering-2026?tab=c05")).headers.get("location")).toBe("/negotiations/qingcheng-catering-2026?tab=c05");
    expect((await signIn(`${server.url}/negotiations/new`)).headers.get("location")).toBe("/negotiations/new");
  });
});
