import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import { freePort } from "../setup/childServer";

/**
 * The real parts of a cluster on loopback (issue 16): a private redis-server, app nodes as child
 * processes on one PostgreSQL database, and nginx with docs/deploy/nginx.conf in front. Used by
 * tests/cluster/cluster.test.ts and bench/cluster.bench.ts.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const SESSION_SECRET = "cluster-secret-cluster-secret-cluster";

/** Waits for `pattern` in a child's output; rejects if it exits first or `timeoutMs` passes. */
function started(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (!match) return;
      clearTimeout(timer);
      resolve(match);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}):\n${output}`));
    });
  });
}

export interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  /** SIGKILL, awaited. */
  kill(): Promise<void>;
}

function child(process: ChildProcess): Child {
  const exited = new Promise<void>((resolve) => {
    if (process.exitCode !== null || process.signalCode !== null) resolve();
    else process.once("exit", () => resolve());
  });
  return {
    process,
    exited,
    async kill() {
      if (process.exitCode === null && process.signalCode === null) process.kill("SIGKILL");
      await exited;
    },
  };
}

/** A private redis-server (no persistence), so restarting it disturbs nobody else. */
export async function startRedis(port: number): Promise<Child> {
  const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  await started(redis, /Ready to accept connections/, "redis-server", 15_000);
  return child(redis);
}

export interface AppNode extends Child {
  id: string;
  port: number;
  url: string;
}

/** One app node (the real server, production build) on PostgreSQL (and Redis), or on SQLite at `databasePath`. */
export async function startNode(options: { id: string; port: number; databaseUrl?: string; databasePath?: string; redisUrl?: string; env?: Record<string, string> }): Promise<AppNode> {
  const app = spawn(process.execPath, ["--import", "tsx", join(ROOT, "server/index.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { DATABASE_PATH: options.databasePath ?? ":memory:" }),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      NODE_ID: options.id,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      TONGSHANG_DEMO: "1",
      SESSION_SECRET,
      TRUST_PROXY: "127.0.0.1",
      NODE_ENV: "production",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  await started(app, /serving at http:\/\/\S+/, `node ${options.id}`);
  // Keep draining its output so a chatty node never blocks on a full pipe.
  app.stdout!.resume();
  app.stderr!.resume();
  return { ...child(app), id: options.id, port: options.port, url: `http://127.0.0.1:${options.port}` };
}

export interface Nginx extends Child {
  url: string;
  dir: string;
}

/**
 * nginx with the shipped docs/deploy/nginx.conf, changed only where a test must: the upstream
 * servers and listen port, paths under a temp prefix, the foreground, and a header naming the node
 * that answered (so a test knows where the negotiation's hash points).
 */
export async function startNginx(upstreamPorts: number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), "ts-cluster-nginx-"));
  mkdirSync(join(dir, "logs"));
  const port = await freePort();
  let conf = readFileSync(join(ROOT, "docs/deploy/nginx.conf"), "utf8");
  const upstream = /upstream tongshang \{[\s\S]*?\n {2}\}/;
  if (!upstream.test(conf) || !conf.includes("listen 127.0.0.1:8080;")) throw new Error("docs/deploy/nginx.conf changed shape: update startNginx");
  conf = conf
    .replace(upstream, `upstream tongshang {\n    hash $negotiation consistent;\n${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join("\n")}\n  }`)
    .replace("listen 127.0.0.1:8080;", `listen 127.0.0.1:${port};\n    add_header X-Upstream $upstream_addr always;`)
    .replace(
      "events {",
      // One foreground process as the invoking user: no worker switching to `nobody`, nothing under /var.
      `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/logs/error.log;\nevents {`,
    )
    .replace(
      "http {",
      `http {\n  access_log off;\n${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t};`).join("\n")}`,
    );
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  const nginx = spawn("/usr/sbin/nginx", ["-p", dir, "-c", file], { stdio: ["ignore", "pipe", "pipe"] });
  const running = child(nginx);
  // nginx prints nothing when it starts: it is up once its port answers.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited ${nginx.exitCode}: ${readFileSync(join(dir, "logs/error.log"), "utf8")}`);
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("nginx did not start");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    ...running,
    url: `http://127.0.0.1:${port}`,
    dir,
    async kill() {
      await running.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The node nginx sends requests about `negotiationId` to, by the X-Upstream header it adds. */
export async function upstreamFor(nginx: Nginx, negotiationId: string): Promise<number> {
  const response = await fetch(`${nginx.url}/negotiations/${negotiationId}`, { redirect: "manual" });
  await response.arrayBuffer();
  const upstream = response.headers.get("x-upstream") ?? "";
  // After a failover it lists every node tried: the last one answered.
  const last = upstream.split(",").pop()!.trim();
  const port = Number(/:(\d+)$/.exec(last)?.[1]);
  if (!port) throw new Error(`no upstream in ${JSON.stringify(upstream)}`);
  return port;
}

/** A server-sent event stream, read as it arrives. */
export class EventStream {
  readonly kinds: string[] = [];
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private buffer = "";
  opened = false;
  /** The server ended the stream (or it was cancelled). */
  ended = false;

  private constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
    void this.pump();
  }

  static async open(baseUrl: string, negotiationId: string, cookie: string): Promise<EventStream> {
    const response = await fetch(`${baseUrl}/negotiations/${negotiationId}/events`, { headers: { Cookie: cookie, Accept: "text/event-stream" } });
    if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
    return new EventStream(response.body);
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf("\n\n")) >= 0) {
          const frame = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          if (frame.startsWith("retry:")) this.opened = true;
          const data = frame.split("\n").find((line) => line.startsWith("data: "));
          if (data) this.kinds.push((JSON.parse(data.slice(6)) as { kind: string }).kind);
        }
      }
    } catch {
      /* cancelled, or the connection was cut */
    }
    this.ended = true;
  }

  cancel(): void {
    void this.reader.cancel().catch(() => {});
  }
}

/**
 * Drops only node `nodeId`'s publishing connection to Redis (its subscriber and every other node
 * stay connected) and keeps it from reconnecting — Redis refuses new connections while the client
 * limit equals what is connected — until the returned function is called.
 */
export async function cutPublisher(admin: Redis, nodeId: string): Promise<() => Promise<void>> {
  const list = String(await admin.client("LIST")).trim().split("\n");
  const id = /\bid=(\d+)\b/.exec(list.find((line) => line.includes(` name=tongshang-pub-${nodeId} `)) ?? "")?.[1];
  if (!id) throw new Error(`no publishing connection of node ${nodeId} on this Redis`);
  const [, limit] = (await admin.config("GET", "maxclients")) as string[];
  const result = await admin.multi().config("SET", "maxclients", String(list.length - 1)).client("KILL", "ID", id).exec();
  for (const [error] of result ?? []) if (error) throw error;
  return async () => {
    await admin.config("SET", "maxclients", limit ?? "10000");
  };
}
