import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delegations, versions } from "~/db/schema";
import { BUILD_DIR } from "~/server/index";
import { PRINCIPALS, ROUTE_ACCESS, allowedFor, type Principal, type RouteMethod } from "~/server/policies/routeAccess";
import { figure } from "../reliability/config";
import { liveClauses } from "../setup/clauses";
import { upgradeStatus } from "../setup/collabClient";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 8, access: every loader and action of the built route list, and the collaboration
 * WebSocket, under every demo account and signed out, against the table kept beside the policy
 * module (server/policies/routeAccess.ts). A route without an entry fails. "Denied" is 401, 403
 * or a redirect to sign-in; anything else means the route's guard let the request through, and a
 * 5xx is always a failure. Actions get an empty form, so an admitted request stops at validation
 * and writes nothing. ROUTE_ACCESS_PRINT=1 writes the observed matrix to /tmp for review.
 */
interface BuiltRoute {
  path?: string;
  module: { loader?: unknown; action?: unknown };
}

let server: TestServer;
let routes: Record<string, BuiltRoute>;
const cookies = new Map<Principal, string | undefined>();
const params: Record<string, string> = { id: DEMO_NEGOTIATION, token: "x".repeat(43) };

beforeAll(async () => {
  server = await startTestServer();
  routes = ((await import(pathToFileURL(join(BUILD_DIR, "server/index.js")).href)) as { routes: Record<string, BuiltRoute> }).routes;
  for (const principal of PRINCIPALS) cookies.set(principal, principal === "anonymous" ? undefined : await login(server.url, principal));
  params.clauseId = (await liveClauses(server))[0]!.id;
  params.versionId = (await server.driver.db.select({ id: versions.id }).from(versions).limit(1))[0]!.id;
  params.delegationId = (await server.driver.db.select({ id: delegations.id }).from(delegations).limit(1))[0]?.id ?? "no-delegation";
});

afterAll(async () => {
  await server?.stop();
});

function urlOf(path: string): string {
  return "/" + path.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? `unknown-${name}`);
}

async function outcome(method: RouteMethod, path: string, cookie: string | undefined): Promise<{ allowed: boolean; status: number }> {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const response = await fetch(`${server.url}${path}`, {
    method: method === "loader" ? "GET" : "POST",
    headers,
    body: method === "action" ? new URLSearchParams() : undefined,
    redirect: "manual",
  });
  await response.body?.cancel(); // server-sent events never end by themselves
  const location = response.headers.get("location") ?? "";
  const denied = response.status === 401 || response.status === 403 || (response.status >= 300 && response.status < 400 && location.startsWith("/login"));
  return { allowed: !denied, status: response.status };
}

describe("authorisation matrix: every route × every demo account and signed out", () => {
  it("every built route with a loader or action has an entry in server/policies/routeAccess.ts", () => {
    const missing = Object.entries(routes)
      .filter(([id, r]) => id !== "root" && (r.module.loader || r.module.action))
      .flatMap(([id, r]) => (["loader", "action"] as const).filter((m) => r.module[m] && ROUTE_ACCESS[id]?.[m] === undefined).map((m) => `${id} (${m})`));
    expect(missing, "routes without an expected allow/deny entry").toEqual([]);
    const stale = Object.keys(ROUTE_ACCESS).filter((id) => id !== "websocket" && !routes[id]);
    expect(stale, "entries for routes that no longer exist").toEqual([]);
  });

  it("each route answers every principal as the table expects, never with a 5xx", async () => {
    const mismatches: string[] = [];
    const observed: Record<string, Record<string, Record<string, number>>> = {};
    let checked = 0;
    for (const [id, route] of Object.entries(routes)) {
      if (id === "root" || route.path === undefined) continue;
      for (const method of ["loader", "action"] as const) {
        if (!route.module[method] || id === "routes/logout") continue;
        for (const principal of PRINCIPALS) {
          const path = urlOf(route.path);
          const got = await outcome(method, path, cookies.get(principal));
          (observed[id] ??= {})[method] ??= {};
          observed[id][method][principal] = got.status;
          checked++;
          const expected = allowedFor(id, method, principal);
          if (got.status >= 500) mismatches.push(`${method} ${path} as ${principal}: ${got.status}`);
          else if (expected !== undefined && got.allowed !== expected) mismatches.push(`${method} ${path} as ${principal}: ${got.status}, expected ${expected ? "allowed" : "denied"}`);
        }
      }
    }
    if (process.env.ROUTE_ACCESS_PRINT === "1") writeFileSync("/tmp/route-access-observed.json", JSON.stringify(observed, null, 1));
    // The WebSocket: participants are admitted (read-only ones too, SPEC C-5); everyone else refused.
    for (const principal of PRINCIPALS) {
      const status = await upgradeStatus(server.url, `/collab/${DEMO_NEGOTIATION}`, cookies.get(principal) ? { Cookie: cookies.get(principal)! } : {});
      checked++;
      if ((status === 101) !== allowedFor("websocket", "loader", principal)) mismatches.push(`websocket as ${principal}: ${status}`);
    }
    // Logout: anyone may end their own session (checked last with throwaway sessions).
    for (const principal of PRINCIPALS) {
      const cookie = principal === "anonymous" ? undefined : await login(server.url, principal);
      const got = await outcome("action", "/logout", cookie);
      checked++;
      // It always answers with a redirect to sign-in; admitted means it did not refuse outright.
      const admitted = got.status === 302;
      if (admitted !== allowedFor("routes/logout", "action", principal)) mismatches.push(`action /logout as ${principal}: ${got.status}`);
      if (cookie && (await fetch(`${server.url}/api/negotiations`, { headers: { Cookie: cookie } })).status !== 401) mismatches.push(`logout as ${principal} left the session alive`);
    }
    figure("access.checks", checked, `(${Object.keys(ROUTE_ACCESS).length} routes × ${PRINCIPALS.length} principals, loader and action)`);
    figure("access.mismatches", mismatches.length);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
