import { parseEnv } from "~/server/env";
import { startServer } from "~/server/index";

/**
 * The real server (server/index.ts's startServer, production build, default idle unload) as the
 * collaboration benchmark runs it, plus one probe over the IPC channel the benchmark opens: what
 * the registry still holds, so "after everyone left" is read once documents have unloaded.
 */
const server = await startServer({ env: parseEnv(process.env) });
console.log(`bench server serving at ${server.url}`);

export interface ProbeReply {
  documents: number;
  connections: number;
  retained: ReturnType<typeof server.context.collab.registry.retained>;
  /** process.cpuUsage(), user + system, all threads, in µs: the load generator's noise does not move it. */
  cpuMicros: number;
  /** process.memoryUsage() in MiB: tells the V8 heap from native memory in what RSS keeps. */
  memoryMiB: Record<string, number>;
}

process.on("message", (message) => {
  const { collab } = server.context;
  // Diagnostic only, after every figure is read: a full collection tells garbage not yet
  // collected from memory something still holds (the benchmark starts us with --expose-gc).
  if (message === "gc") (globalThis as { gc?: () => void }).gc?.();
  const memoryMiB = Object.fromEntries(Object.entries(process.memoryUsage()).map(([key, bytes]) => [key, Math.round(bytes / 1048576)]));
  const { user, system } = process.cpuUsage();
  const reply: ProbeReply = { ...collab.stats(), retained: collab.registry.retained(), cpuMicros: user + system, memoryMiB };
  process.send?.(reply);
});
process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
