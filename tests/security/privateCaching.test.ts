import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { delegations, versions } from "~/db/schema";
import { BUILD_DIR } from "~/server/index";
import { PRINCIPALS, ROUTE_ACCESS } from "~/server/policies/routeAccess";
import { figure } from "../reliability/config";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

/**
 * docs/SPEC.md X-5: nothing the app renders for a session may be kept by a browser cache or a
 * shared proxy — every page, loader data, JSON API, event stream and export download leaves with
 * `Cache-Control: no-store, private`. Walks every built route of the route × role table
 * (server/policies/routeAccess.ts) as a participant, as a document and as Remix loader data.
 */
interface BuiltRoute {
  path?: string;
  module: { loader?: unknown; action?: unknown };
}

let server: TestServer;
let routes: Record<string, BuiltRoute>;
let cookie: string;
const params: Record<string, string> = { id: DEMO_NEGOTIATION, token: "x".repeat(43) };

beforeAll(async () => {
  server = await startTestServer();
  routes = ((await import(pathToFileURL(join(BUILD_DIR, "server/index.js")).href)) as { routes: Record<string, BuiltRoute> }).routes;
  cookie = await login(server.url, "union.chief");
  params.clauseId = (await liveClauses(server))[0]!.id;
  params.versionId = (await server.driver.db.select({ id: versions.id }).from(versions).limit(1))[0]!.id;
  params.delegationId = (await server.driver.db.select({ id: delegations.id }).from(delegations).limit(1))[0]?.id ?? "no-delegation";
});

afterAll(async () => {
  await server?.stop();
});

const urlOf = (path: string) => "/" + path.replace(/:(\w+)/g, (_m, name: string) => params[name] ?? `unknown-${name}`);

async function cacheControl(path: string, init: RequestInit = {}): Promise<{ status: number; cacheControl: string | null }> {
  const response = await fetch(`${server.url}${path}`, { ...init, headers: { Cookie: cookie, ...init.headers }, redirect: "manual" });
  await response.body?.cancel(); // an event stream never ends by itself
  return { status: response.status, cacheControl: response.headers.get("cache-control") };
}

describe("X-5 signed-in responses are never cached", () => {
  it("X-5 the discussion page (one side's caucus notes) is no-store, private", async () => {
    const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/discussion`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store, private");
  });

  it("X-5 every route of the table, as a page and as loader data, answers no-store, private", async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [id, route] of Object.entries(routes)) {
      if (route.path === undefined && id !== "root") continue;
      expect(id === "root" || ROUTE_ACCESS[id] !== undefined, `${id} is in the route table`).toBe(true);
      const path = id === "root" ? "/negotiations" : urlOf(route.path!);
      const targets = [`${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(id)}`];
      if (id !== "root") targets.push(path);
      for (const target of targets) {
        if (!route.module.loader && !target.includes("_data")) continue;
        const got = await cacheControl(target);
        checked++;
        if (got.cacheControl !== "no-store, private") wrong.push(`GET ${target} → ${got.status} ${got.cacheControl}`);
      }
      if (route.module.action && id !== "routes/logout") {
        const got = await cacheControl(path, { method: "POST", body: new URLSearchParams() });
        checked++;
        if (got.cacheControl !== "no-store, private") wrong.push(`POST ${path} → ${got.status} ${got.cacheControl}`);
      }
    }
    // Last: signing out ends this test's session.
    const out = await cacheControl("/logout", { method: "POST", body: new URLSearchParams() });
    if (out.cacheControl !== "no-store, private") wrong.push(`POST /logout → ${out.status} ${out.cacheControl}`);
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(60);
    figure("cache.routeResponses", checked, "responses (pages, loader data, actions) with no-store, private");
    cookie = await login(server.url, "union.chief");
  });

  it("X-5 every page of the table answers every demo account (and signed out) with no-store, private, refusals included", async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const principal of PRINCIPALS) {
      const as = principal === "anonymous" ? undefined : await login(server.url, principal);
      for (const [id, route] of Object.entries(routes)) {
        if (route.path === undefined || !route.module.loader || id === "routes/logout") continue;
        const response = await fetch(`${server.url}${urlOf(route.path)}`, { headers: as ? { Cookie: as } : {}, redirect: "manual" });
        await response.body?.cancel();
        checked++;
        if (response.headers.get("cache-control") !== "no-store, private") wrong.push(`${principal} GET ${route.path} → ${response.status} ${response.headers.get("cache-control")}`);
      }
    }
    expect(wrong).toEqual([]);
    const pages = Object.entries(routes).filter(([id, r]) => r.path !== undefined && r.module.loader && id !== "routes/logout").length;
    expect(pages).toBeGreaterThan(30);
    expect(checked).toBe(PRINCIPALS.length * pages);
    figure("cache.pagesByPrincipal", checked, `responses (${pages} pages × ${PRINCIPALS.length} principals) with no-store, private`);
  });

  it("X-5 export downloads and JSON APIs are no-store, private; static assets stay cacheable", async () => {
    for (const path of [`/negotiations/${DEMO_NEGOTIATION}/export.docx`, `/negotiations/${DEMO_NEGOTIATION}/export.pdf`, `/negotiations/${DEMO_NEGOTIATION}/export.md`, "/api/negotiations"]) {
      const response = await get(server.url, path, cookie);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("no-store, private");
      await response.arrayBuffer();
    }
    const icon = await fetch(`${server.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("cache-control")).not.toContain("no-store");
  });
});
