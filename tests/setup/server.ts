import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "~/server/env";
import { startServer, type RunningServer } from "~/server/index";
import { testDatabaseEnv, type TestDatabase } from "./testDriver";

export const DEMO_PASSWORD = "tongshang-demo";

export interface TestServer extends RunningServer {
  dir: string;
  /** The database's settings: DATABASE_PATH (SQLite) or DATABASE_URL (PostgreSQL), e.g. for the CLI. */
  databaseEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The databases made for a directory on PostgreSQL: a server restarted with the same `dir` finds
 * the data it left (as it finds the SQLite file there); the start that made it closes every server
 * started on it (a restarted one too: a dropped database must not cut a live pool) and drops it at stop.
 */
const databases = new Map<string, { database: TestDatabase; closers: (() => Promise<void>)[] }>();

/**
 * The real server on a free port with a fresh database — a file in `dir`, or a fresh PostgreSQL
 * database when TEST_DATABASE_URL is set (tests/setup/testDriver.ts) — and the demo seeded unless
 * told not to; `env` adds settings (e.g. TRUST_PROXY).
 */
export async function startTestServer(options: { demo?: boolean; dir?: string; idleUnloadMs?: number; port?: number; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "tongshang-test-"));
  const existing = databases.get(dir);
  const entry = existing ?? { database: await testDatabaseEnv(dir), closers: [] };
  const database = entry.database;
  if (!existing) databases.set(dir, entry);
  let server: RunningServer;
  try {
    const env = parseEnv({
      ...database.env,
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      TONGSHANG_DEMO: options.demo === false ? "0" : "1",
      SESSION_SECRET: "test-secret-test-secret-test-secret",
      ...options.env,
    });
    server = await startServer({ env, collabIdleUnloadMs: options.idleUnloadMs ?? 0 });
  } catch (error) {
    if (!existing) await forget(dir, !options.dir);
    throw error;
  }
  // Closed once, whether by close() or stop() (a test closes a server, then restarts on its dir).
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= server.close());
  entry.closers.push(close);
  return {
    ...server,
    close,
    dir,
    databaseEnv: database.env,
    async stop() {
      await close();
      if (!existing) await forget(dir, !options.dir);
    },
  };
}

async function forget(dir: string, removeDir: boolean): Promise<void> {
  const entry = databases.get(dir)!;
  databases.delete(dir);
  for (const close of entry.closers) await close();
  await entry.database.drop();
  if (removeDir) rmSync(dir, { recursive: true, force: true });
}

/** Signs in over HTTP and returns the `name=value` session cookie. */
export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body: new URLSearchParams({ username, password }),
    redirect: "manual",
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`login as ${username} failed: ${response.status}`);
  return cookie.split(";")[0];
}

export function get(baseUrl: string, path: string, cookie?: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

export const DEMO_NEGOTIATION = "qingcheng-catering-2026";
