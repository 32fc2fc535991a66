import { createHash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTableName, is, sql } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { rawRows } from "~/db/raw";
import * as schema from "~/db/schema";
import { versions } from "~/db/schema";
import { BUILD_DIR } from "~/server/index";
import { figure } from "../reliability/config";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 8, hostile HTTP input: every form the pages render (found in their HTML, so a new form is
 * covered without editing this file) and every URL parameter, with out-of-range, wrong-type,
 * over-long and unicode-trick values. Expected: never a 5xx; a 4xx carries a message a person can
 * read; and a 4xx changed nothing in the database (no partial write).
 */
const HOSTILE: Record<string, string> = {
  empty: "",
  blank: "   ",
  negative: "-1",
  zero: "0",
  huge: "99999999999999999999999",
  float: "1e308",
  nan: "NaN",
  boolean: "true",
  json: '{"$gt":""}',
  array: "[]",
  overLong: "长".repeat(100_000),
  nul: "a\u0000b",
  rtl: "\u202e05元\u202c",
  zeroWidth: "\u200b\u200d\ufeff",
  astral: "𠀀😀".repeat(5),
  loneSurrogate: "\ud800x",
  html: '"><img src=x onerror=alert(1)>',
  sql: "' OR 1=1 --",
  path: "../../etc/passwd",
  date: "2026-02-30",
};

interface FoundForm {
  page: string;
  action: string;
  fields: Record<string, string>;
}

let server: TestServer;
let chief = "";
let admin = "";
let routes: Record<string, { path?: string; module: { loader?: unknown; default?: unknown } }>;

beforeAll(async () => {
  // Documents stay loaded: no unload compaction between requests, so changes() moves only for what a request wrote.
  server = await startTestServer({ idleUnloadMs: 600_000 });
  chief = await login(server.url, "union.chief");
  admin = await login(server.url, "admin");
  routes = ((await import(pathToFileURL(join(BUILD_DIR, "server/index.js")).href)) as { routes: typeof routes }).routes;
});

afterAll(async () => {
  await server?.stop();
});

/** encodeURIComponent, except a lone surrogate goes out as the raw (invalid) UTF-8 bytes a hostile client would send. */
const encode = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80x";
  }
};

/**
 * Moves whenever anything is written. SQLite: total_changes() of the write connection, read inside
 * a write (on a file `driver.db` is a separate read-only connection whose counter never moves).
 * SQLite-specific SQL, so on PostgreSQL (no such counter) it is a fingerprint of every table's rows.
 */
async function changes(): Promise<string> {
  if (server.driver.dialect === "sqlite") {
    return server.driver.write(async (tx) => String((await rawRows<{ n: number }>(tx, sql`SELECT total_changes() AS n`))[0]!.n));
  }
  const hash = createHash("sha256");
  for (const table of Object.values(schema)) {
    if (!is(table, SQLiteTable)) continue;
    const rows = (await server.driver.db.select().from(table)).map((row) => JSON.stringify(row)).sort();
    hash.update(`${getTableName(table)}\n${rows.join("\n")}\n`);
  }
  return hash.digest("hex");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? match[1].replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">") : undefined;
}

/** The POST forms of a rendered page with the values they would submit untouched. */
function formsOf(page: string, html: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const [, open, inner] of html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)) {
    if ((attribute(open, "method") ?? "get").toLowerCase() !== "post") continue;
    const fields: Record<string, string> = {};
    for (const [tag] of inner.matchAll(/<(input|textarea|select)\b[^>]*>/g)) {
      const name = attribute(tag, "name");
      if (!name) continue;
      const type = attribute(tag, "type");
      if ((type === "checkbox" || type === "radio") && !/\schecked/.test(tag)) continue;
      fields[name] ??= attribute(tag, "value") ?? "";
    }
    for (const [, name, options] of inner.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      fields[name] = /<option[^>]*value="([^"]*)"/.exec(options)?.[1] ?? "";
    }
    forms.push({ page, action: attribute(open, "action") ?? page, fields });
  }
  return forms;
}

async function discoverForms(): Promise<FoundForm[]> {
  const versionId = (await server.driver.db.select({ id: versions.id }).from(versions).limit(1))[0]!.id;
  const clauseId = (await liveClauses(server))[0]!.id;
  const params: Record<string, string> = { id: DEMO_NEGOTIATION, clauseId, versionId, token: "x".repeat(43), delegationId: "none" };
  const found = new Map<string, FoundForm>();
  for (const [id, route] of Object.entries(routes)) {
    if (!route.module.default || !route.module.loader || route.path === undefined || route.path.includes("token")) continue;
    const path = "/" + route.path.replace(/:(\w+)/g, (_m, name: string) => params[name]);
    for (const cookie of path.startsWith("/admin") ? [admin] : [chief]) {
      const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
      if (response.status !== 200) continue;
      for (const form of formsOf(path, await response.text())) {
        const key = `${form.action} ${Object.keys(form.fields).sort().join(",")} ${form.fields.intent ?? ""}`;
        if (!found.has(key)) found.set(key, form);
      }
    }
    void id;
  }
  return [...found.values()];
}

function clear(status: number, body: string): boolean {
  if (status < 400 || status >= 500) return true;
  if (status === 414 || status === 431) return true; // Node's HTTP parser refused the URL before any of our code ran
  return /[\u4e00-\u9fff]/.test(body) || /"message"|"errors"|"error"/.test(body);
}

describe("hostile form values: 4xx with a clear message, never a 5xx, never a partial write", () => {
  it("every field of every POST form the pages render", async () => {
    const forms = await discoverForms();
    expect(forms.length).toBeGreaterThan(10);
    const failures: string[] = [];
    let tried = 0;
    for (const form of forms) {
      const cookie = form.action.startsWith("/admin") ? admin : chief;
      for (const field of Object.keys(form.fields)) {
        if (field === "redirectTo") continue;
        for (const [label, value] of Object.entries(HOSTILE)) {
          const before = await changes();
          const response = await fetch(`${server.url}${form.action}`, {
            method: "POST",
            headers: { Cookie: cookie },
            body: new URLSearchParams({ ...form.fields, [field]: value }),
            redirect: "manual",
          });
          const body = await response.text();
          tried++;
          const where = `${form.action} [intent=${form.fields.intent ?? "-"}] ${field}=${label}`;
          if (response.status >= 500) failures.push(`${where}: ${response.status}`);
          else if (!clear(response.status, body)) failures.push(`${where}: ${response.status} without a readable message`);
          else if (response.status >= 400 && (await changes()) !== before) failures.push(`${where}: ${response.status} but the database changed`);
        }
      }
    }
    figure("hostile.forms", forms.length);
    figure("hostile.form_submissions", tried);
    figure("hostile.form_failures", failures.length);
    expect(failures).toEqual([]);
  }, 300_000);
});

describe("hostile URL parameters: never a 5xx", () => {
  it("every path parameter and the comparison's query of every loader", async () => {
    const failures: string[] = [];
    let tried = 0;
    const clauseId = (await liveClauses(server))[0]!.id; // any clause of the draft fills the other parameters
    for (const [, route] of Object.entries(routes)) {
      if (!route.module.loader || route.path === undefined || !route.path.includes(":") || route.path.endsWith("events")) continue;
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      for (const name of names) {
        for (const [label, value] of Object.entries(HOSTILE)) {
          if (label === "overLong") continue; // an over-long URL is the HTTP parser's to refuse (431/414)
          const path = "/" + route.path.replace(/:(\w+)/g, (_m, n: string) => (n === name ? encode(value) : n === "id" ? DEMO_NEGOTIATION : clauseId));
          const response = await fetch(`${server.url}${path}`, { headers: { Cookie: chief }, redirect: "manual" });
          await response.body?.cancel();
          tried++;
          if (response.status >= 500) failures.push(`${path} (${name}=${label}): ${response.status}`);
        }
      }
    }
    for (const base of ["compare", "compare.json", "compare.docx"]) {
      for (const [label, value] of Object.entries(HOSTILE)) {
        for (const query of [`from=${encode(value)}&to=live`, `from=live&to=${encode(value.slice(0, 2000))}`, `from=${encode(value.slice(0, 100))}`]) {
          const response = await fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/${base}?${query}`, { headers: { Cookie: chief }, redirect: "manual" });
          const body = await response.text();
          tried++;
          if (response.status >= 500) failures.push(`${base}?${label}: ${response.status}`);
          else if (!clear(response.status, body)) failures.push(`${base}?${label}: ${response.status} without a readable message`);
        }
      }
    }
    for (const query of ["lang=%00", "redirectTo=javascript:alert(1)", "redirectTo=%2F%2Fevil.example", "_data=routes%2Fadmin.accounts"]) {
      const response = await fetch(`${server.url}/negotiations?${query}`, { headers: { Cookie: chief }, redirect: "manual" });
      await response.body?.cancel();
      tried++;
      if (response.status >= 500) failures.push(`/negotiations?${query}: ${response.status}`);
    }
    figure("hostile.url_requests", tried);
    figure("hostile.url_failures", failures.length);
    expect(failures).toEqual([]);
  }, 300_000);
});
