import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { buildIfStale } from "../server/start";

/**
 * `npm test`: every test CI runs — unit, integration with real servers and clients, and the
 * browser tests in headless Chromium. Chromium and poppler-utils come from Debian: installed
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
  const missing = [!chromiumPath() && "chromium", !have("pdftotext") && "poppler-utils"].filter(Boolean) as string[];
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  if (!root || !have("apt-get")) {
    console.error(`The tests need Debian's ${missing.join(" and ")}. Install them with:\n  sudo apt-get install -y ${missing.join(" ")}\n(or set CHROMIUM_PATH to a Chromium binary).`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(", ")} from Debian's packages…`);
  execSync(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(" ")}`, { stdio: "inherit" });
}

ensureDebianPackages();
process.env.CHROMIUM_PATH = chromiumPath();
buildIfStale();
const result = spawnSync("npx", ["vitest", "run", ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
process.exit(result.status ?? 1);
