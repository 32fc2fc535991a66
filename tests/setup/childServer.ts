import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "./testDriver";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

export interface ChildServer {
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/** A port that was free a moment ago: restart a killed server there so providers find it again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server as its own process (so a test can kill -9 it), on a free port, or on `port`
 * (a restart on the same port, where y-websocket providers reconnect by themselves).
 */
export function spawnServer(database: string | TestDatabase["env"], options: { port?: number } = {}): Promise<ChildServer> {
  // A SQLite file's path, or a TestDatabase's settings (tests/setup/testDriver.ts); never the parent's own database.
  const { DATABASE_PATH: _path, DATABASE_URL: _url, ...inherited } = process.env;
  const databaseEnv = typeof database === "string" ? { DATABASE_PATH: database } : database;
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/index.ts")], {
    cwd: ROOT,
    env: { ...inherited, ...databaseEnv, PORT: String(options.port ?? 0), HOST: "127.0.0.1", TONGSHANG_DEMO: "1", SESSION_SECRET: "test-secret-test-secret-test-secret", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/serving at (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1].replace("localhost", "127.0.0.1"), process: child, exited });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
