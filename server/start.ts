import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm start`: builds the production bundle when it is missing or older than any source file,
 * then runs the server (which migrates, seeds and listens).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUILT = join(ROOT, "build/server/index.js");
const SOURCES = ["app", "shared", "server", "db", "remix.config.js", "vite.config.ts", "package-lock.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function buildIfStale(): void {
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
  if (builtAt >= sourcesAt) return;
  console.log("Building Tongshang (first start or sources changed)…");
  execSync("npx remix vite:build", { cwd: ROOT, stdio: "inherit" });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildIfStale();
  const { main } = await import("./index");
  await main();
}
