import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import type { Driver } from "~/db/driver";
import { exclusively, openDriver } from "~/db/openDriver";
import { rawRows } from "~/db/raw";
import { findMembership } from "~/db/queries/negotiations";
import { COLLAB_PATH } from "~/shared/collab/protocol";
import { userForSession } from "./auth/sessions";
import { LocalBus, type ClusterBus } from "./cluster/bus";
import { RedisBus } from "./cluster/redisBus";
import { CollabService } from "./collab/service";
import type { AppContext } from "./context";
import { parseEnv, type Env } from "./env";
import { refuseCrossSiteWrites } from "./http/csrf";
import { dropUntrustedForwarding, forgetUntrustedForwarding, proxyTrust } from "./http/proxyTrust";
import { privateResponses, securityHeaders } from "./http/securityHeaders";
import { EventHub } from "./events/hub";
import { tuneHeap } from "./heapTuning";
import { WorkflowService } from "./workflow/service";
import { databaseIsEmpty, seedDemo } from "./seed";
import { loadMinimumWageDataset } from "./commands/minimumWageRecorder";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUILD_DIR = join(ROOT, "build");

export interface RunningServer {
  url: string;
  port: number;
  context: AppContext;
  driver: Driver;
  /** Stops accepting, closes sockets, finishes requests, compacts documents, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Env;
  dev?: boolean;
  /** Overrides for tests: unload idle documents at once, etc. */
  collabIdleUnloadMs?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  tuneHeap();
  const env = options.env ?? parseEnv();
  const driver = await openDriver({ databasePath: env.databasePath, databaseUrl: env.databaseUrl ?? undefined });
  // The floors dataset was validated by zod when it was imported; its rounds join the table (never overwriting).
  await loadMinimumWageDataset(driver);
  const bus = await openBus(env, driver);
  const events = new EventHub(
    async (negotiationId, userId, sessionToken) =>
      (await userForSession(driver.db, sessionToken, env.sessionSecret)) ? await findMembership(driver.db, negotiationId, userId) : null,
    bus,
  );
  const workflow = new WorkflowService(driver, events);
  const collab = new CollabService({
    driver,
    sessionSecret: env.sessionSecret,
    idleUnloadMs: options.collabIdleUnloadMs,
    onLoad: workflow.attach,
    onUnload: workflow.detach,
    // C-12's one notification point, collab.reauthorise(userId) — called at sign-out, when an account
    // is disabled or its password reset, and when a seat changes or is removed — judges the user's
    // event streams again too (docs/SPEC.md X-4), so both kinds of live connection end together.
    onReauthorise: (userId) => events.reauthorise(userId),
    bus,
  });
  // Nodes starting at once on one PostgreSQL check "empty?" and seed under one lock: the demo goes in once.
  if (env.demo) await exclusively(driver, "seed", async () => (await databaseIsEmpty(driver.db)) && (await seedDemo(driver, collab)));

  const app = express();
  app.disable("x-powered-by");
  // Forwarding headers count only from TRUST_PROXY's addresses (docs/SPEC.md X-6), for Express and everything after it.
  const trust = proxyTrust(env.trustProxy);
  app.set("trust proxy", (address: string) => trust(address));
  app.use(dropUntrustedForwarding(trust));
  app.use(securityHeaders({ dev: Boolean(options.dev), trust }));
  app.use(refuseCrossSiteWrites(trust));
  // Healthy when the database answers a query now (a closed or unreachable database answers false).
  app.get("/healthz", async (_req, res) => {
    let ok = false;
    try {
      await rawRows(driver.db, sql`select 1`);
      ok = true;
    } catch {
      ok = false;
    }
    res.json({ ok });
  });

  const httpServer = createServer(app);
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (options.dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ root: ROOT, server: { middlewareMode: true, hmr: { server: httpServer } } });
    app.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    httpServer.on("close", () => void viteServer.close());
  } else {
    app.use("/assets", express.static(join(BUILD_DIR, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(join(BUILD_DIR, "client"), { maxAge: "1h" }));
    build = (await import(pathToFileURL(join(BUILD_DIR, "server/index.js")).href)) as ServerBuild;
  }
  app.all(
    "*",
    privateResponses(),
    createRequestHandler({
      build,
      mode: options.dev ? "development" : "production",
      getLoadContext: (req, res): AppContext => ({
        driver,
        collab,
        workflow,
        events,
        clock: Date.now,
        env,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );

  httpServer.on("upgrade", (req, socket, head) => {
    forgetUntrustedForwarding(req, trust);
    if (req.url?.startsWith(`${COLLAB_PATH}/`)) return collab.handleUpgrade(req, socket, head);
    if (!options.dev) socket.destroy(); // in development Vite's HMR listens here too
  });

  await new Promise<void>((resolve) => httpServer.listen(env.port, env.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const shownHost = env.host === "0.0.0.0" || env.host === "::" ? "localhost" : env.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    context: { driver, collab, workflow, events, clock: Date.now, env, clientAddress: "server", cspNonce: "" },
    driver,
    close: () => shutdown(httpServer, collab, workflow, events, bus, driver),
  };
}

/** REDIS_URL: the Redis relay between nodes, subscribed to its control channel before the node serves; else none. */
async function openBus(env: Env, driver: Driver): Promise<ClusterBus> {
  if (!env.redisUrl) return new LocalBus(env.nodeId);
  const bus = new RedisBus({ url: env.redisUrl, nodeId: env.nodeId });
  try {
    await bus.ready();
  } catch (error) {
    await bus.close();
    await driver.close();
    throw error;
  }
  return bus;
}

async function shutdown(httpServer: Server, collab: CollabService, workflow: WorkflowService, events: EventHub, bus: ClusterBus, driver: Driver): Promise<void> {
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  // Documents are compacted into the database as collab closes: it must finish before the driver closes.
  let collabClosed: Promise<void>;
  try {
    collabClosed = Promise.resolve(collab.close());
  } catch (error) {
    collabClosed = Promise.reject(error);
  }
  collabClosed.catch(() => {}); // awaited below, after the sockets drain: not an unhandled rejection meanwhile
  events.closeAll();
  // Keep-alive connections become idle as their last response (an event stream too) finishes.
  const idle = setInterval(() => httpServer.closeIdleConnections(), 50);
  httpServer.closeIdleConnections();
  // Requests in flight get a moment to finish; then everything still open is cut.
  const forced = setTimeout(() => httpServer.closeAllConnections(), 5_000).unref();
  await closed;
  clearInterval(idle);
  clearTimeout(forced);
  try {
    await collabClosed;
  } finally {
    // The clause watcher's last checks (voids of edits that just arrived) commit before the database goes.
    await workflow.close();
    await bus.close();
    await driver.close();
  }
}

/** `tsx server/index.ts [--dev]`: run the server until SIGTERM/SIGINT. */
export async function main() {
  const dev = process.argv.includes("--dev");
  const env = parseEnv(dev ? { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "development" } : process.env);
  const server = await startServer({ env, dev });
  console.log(`同商 Tongshang is serving at ${server.url}${env.demo ? " (demo accounts: see README)" : ""}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down…`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
