import { readFileSync } from "node:fs";
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { parseEnv } from "~/server/env";
import { startServer } from "~/server/index";

/**
 * The real server (server/index.ts's startServer, production build, default idle unload) as the
 * collaboration benchmark runs it, plus one probe over the IPC channel the benchmark opens: what
 * the registry still holds, so "after everyone left" is read once documents have unloaded, and
 * where the resident memory lives (V8's spaces, malloc's arenas, the rest).
 */
const server = await startServer({ env: parseEnv(process.env) });
console.log(`bench server serving at ${server.url}`);

export interface ProbeReply {
  documents: number;
  connections: number;
  retained: ReturnType<typeof server.context.collab.registry.retained>;
  /** process.cpuUsage(), user + system, all threads, in µs: the load generator's noise does not move it. */
  cpuMicros: number;
  /** Group commits that stored rows, and those rows, since start (the bare relay stores nothing). */
  commits: { commits: number; rows: number };
  /** process.memoryUsage() in MiB: tells the V8 heap from native memory in what RSS keeps. */
  memoryMiB: Record<string, number>;
  /** Where RSS lives, in MiB (not for "cpu": reading smaps costs the server CPU). */
  breakdownMiB?: MemoryBreakdown;
}

const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

export interface MemoryBreakdown {
  /** V8 per space: physically committed and in use. */
  v8: Record<string, { committed: number; used: number }>;
  v8Total: { committed: number; used: number; malloced: number; external: number };
  /** RSS by mapping kind from /proc/self/smaps. */
  smaps: Record<string, number>;
}

/**
 * Resident memory by mapping from /proc/self/smaps: file-backed (code, shared libraries), the brk heap (glibc's
 * main arena), glibc's other arenas (64 MiB-aligned heaps: a read-write part followed by its
 * reserve), thread stacks (8 MiB mappings behind a guard page) and other anonymous memory (V8's
 * pages, and malloc's large blocks, which are mmapped one by one above the mmap threshold).
 */
function smapsBreakdown(): Record<string, number> {
  const totals: Record<string, number> = {};
  const add = (kind: string, kib: number) => (totals[kind] = (totals[kind] ?? 0) + kib);
  const maps: { start: bigint; end: bigint; perms: string; name: string; rss: number }[] = [];
  for (const line of readFileSync("/proc/self/smaps", "utf8").split("\n")) {
    const head = line.match(/^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/);
    if (head) maps.push({ start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3]!, name: head[4]!, rss: 0 });
    const rss = line.match(/^Rss:\s+(\d+) kB/);
    if (rss) maps[maps.length - 1]!.rss = Number(rss[1]);
  }
  const ARENA = 64n << 20n;
  for (const [i, m] of maps.entries()) {
    const next = maps[i + 1];
    const size = m.end - m.start;
    let kind: string;
    if (m.name.startsWith("/")) kind = m.perms.includes("x") ? "file code" : "file data";
    else if (m.name === "[heap]") kind = "brk heap (main arena)";
    else if (m.name.startsWith("[")) kind = m.name;
    else if (m.start % ARENA === 0n && m.perms.startsWith("rw") && next && next.start === m.end && next.perms === "---p" && next.end - m.start === ARENA) kind = "glibc arenas";
    else if (m.perms.startsWith("rw") && size === 8n << 20n && maps[i - 1]?.perms === "---p") kind = "thread stacks";
    else if (m.perms.includes("x")) kind = "anon code (JIT)";
    else kind = "anon other";
    add(kind, m.rss);
  }
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Math.round(v / 102.4) / 10]));
}

function memoryBreakdown(): MemoryBreakdown {
  const heap = getHeapStatistics();
  return {
    v8: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { committed: mib(s.physical_space_size), used: mib(s.space_used_size) }])),
    v8Total: { committed: mib(heap.total_physical_size), used: mib(heap.used_heap_size), malloced: mib(heap.malloced_memory), external: mib(heap.external_memory) },
    smaps: smapsBreakdown(),
  };
}

process.on("message", (message) => {
  const { collab } = server.context;
  // Diagnostic only, after every figure is read: a full collection tells garbage not yet
  // collected from memory something still holds (the benchmark starts us with --expose-gc).
  if (message === "gc") (globalThis as { gc?: () => void }).gc?.();
  const memoryMiB = Object.fromEntries(Object.entries(process.memoryUsage()).map(([key, bytes]) => [key, Math.round(bytes / 1048576)]));
  const { user, system } = process.cpuUsage();
  const reply: ProbeReply = { ...collab.stats(), retained: collab.registry.retained(), commits: collab.commitStats(), cpuMicros: user + system, memoryMiB, breakdownMiB: message === "cpu" ? undefined : memoryBreakdown() };
  process.send?.(reply);
});
process.on("SIGTERM", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
