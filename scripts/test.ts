import { execSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PG_ADMIN_URL } from "~/db/pgTestDatabase";
import { buildIfStale } from "~/server/start";

/**
 * `npm test`: every test CI runs — unit, integration with real servers and clients, and the
 * browser tests in headless Chromium. Chromium, poppler-utils, mupdf-tools and LibreOffice come from Debian: installed
 * here when missing and we are root with apt, otherwise we stop and say how. Never a silent skip.
 */
function have(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function chromiumPath(): string | undefined {
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function ensureDebianPackages(): void {
  const missing = [
    !chromiumPath() && "chromium",
    !have("pdftotext") && "poppler-utils",
    !have("mutool") && "mupdf-tools",
    !have("soffice") && "libreoffice-writer-nogui",
    !have("redis-server") && "redis-server",
    !have("nginx") && !existsSync("/usr/sbin/nginx") && "nginx",
  ].filter(Boolean) as string[];
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  if (!root || !have("apt-get")) {
    console.error(`The tests need Debian's ${missing.join(" and ")}. Install them with:\n  sudo apt-get install -y ${missing.join(" ")}\n(or set CHROMIUM_PATH to a Chromium binary).`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(", ")} from Debian's packages…`);
  execSync(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(" ")}`, { stdio: "inherit" });
}

/** The PostgreSQL driver's tests need a server (contract: 127.0.0.1:5432, user postgres); .ci/run starts one. */
function ensurePostgres(): void {
  const admin = PG_ADMIN_URL;
  if (spawnSync("pg_isready", ["-d", admin], { stdio: "ignore" }).status === 0) return;
  console.error(`The tests need PostgreSQL at ${admin} (set PG_ADMIN_URL to another). Start it, e.g.:\n  sudo pg_ctlcluster 15 main start\n(.ci/run installs and starts it on a bare machine).`);
  process.exit(1);
}

ensureDebianPackages();
ensurePostgres();
process.env.CHROMIUM_PATH = chromiumPath();
buildIfStale();
// Types first: a type error is a failed test run, not a surprise in the browser.
if (spawnSync("npx", ["tsc", "--noEmit", "-p", "."], { stdio: "inherit" }).status !== 0) {
  console.error("Type check failed.");
  process.exit(1);
}
// Then the layer boundaries (eslint.config.js): an import across a boundary fails the run too.
if (spawnSync("npx", ["eslint", "."], { stdio: "inherit" }).status !== 0) {
  console.error("Lint failed.");
  process.exit(1);
}
/**
 * The suite twice (issue 16): on SQLite (TEST_DATABASE_URL unset), then on PostgreSQL — every test
 * server and test driver on a fresh database made on TEST_DATABASE_URL (default PG_ADMIN_URL),
 * tests/setup/testDriver.ts. One plain closing line per pass any CI reads: "N passed, N failed, N skipped".
 */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: Array<{ name: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

function pass(label: string, testDatabaseUrl: string | null): { ok: boolean; line: string } {
  const report = join(mkdtempSync(join(tmpdir(), "tongshang-test-")), "vitest.json");
  const { TEST_DATABASE_URL: _inherited, ...env } = process.env;
  console.log(`\n— ${label} —`);
  const result = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: testDatabaseUrl ? { ...env, TEST_DATABASE_URL: testDatabaseUrl } : env,
  });
  let line = `the ${label} pass wrote no report (vitest exited with ${result.status})`;
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, "utf8")) as VitestReport;
    line = `${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped (${label})`;
    // The failures' names go in the closing lines too: CI keeps only the tail of a long run.
    for (const file of summary.testResults) {
      for (const test of file.assertionResults) {
        if (test.status === "failed") line += `\n  failed: ${file.name.replace(process.cwd() + "/", "")} > ${test.fullName}`;
      }
    }
  }
  console.log(line);
  return { ok: result.status === 0, line };
}

const sqlite = pass("SQLite", null);
const postgres = pass("PostgreSQL", process.env.TEST_DATABASE_URL ?? PG_ADMIN_URL);
console.log(`\n${sqlite.line}\n${postgres.line}`);
process.exit(sqlite.ok && postgres.ok ? 0 : 1);
