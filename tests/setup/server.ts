import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "../../server/env";
import { startServer, type RunningServer } from "../../server/index";

export const DEMO_PASSWORD = "tongshang-demo";

export interface TestServer extends RunningServer {
  dir: string;
  stop(): Promise<void>;
}

/** The real server on a free port with a fresh database file (and the demo seeded unless told not to); `env` adds settings (e.g. TRUST_PROXY). */
export async function startTestServer(options: { demo?: boolean; dir?: string; idleUnloadMs?: number; port?: number; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "tongshang-test-"));
  const env = parseEnv({
    DATABASE_PATH: join(dir, "tongshang.db"),
    PORT: String(options.port ?? 0),
    HOST: "127.0.0.1",
    TONGSHANG_DEMO: options.demo === false ? "0" : "1",
    SESSION_SECRET: "test-secret-test-secret-test-secret",
    ...options.env,
  });
  const server = await startServer({ env, collabIdleUnloadMs: options.idleUnloadMs ?? 0 });
  return {
    ...server,
    dir,
    async stop() {
      await server.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
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
