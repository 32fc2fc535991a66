import { readdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tuneHeap } from "~/server/heapTuning";
import type { BenchFigure } from "./figure";
import { pinning } from "./pinning";

/**
 * `npm run bench [-- name…]`: runs every bench/*.bench.ts (or those named) and prints one line per
 * figure, `name: value unit (baseline NAME: value unit, ratio R, spread A–B over N pairs)` — each
 * measured against its baseline in the same run, never against a number fixed in advance. Ours and
 * the baseline run alternately (A B A B…, BENCH_PAIRS ≥ 3); the ratio is the median of the
 * per-pair ratios and the spread their range.
 */
// What runs in the server (opening a document, compare, exports, the ledger) is timed under the server's heap settings.
tuneHeap();
const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

console.log(`bench: collaboration load: ${pinning.note}; machine load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores`);

let failed = false;
for (const file of files) {
  try {
    const module = (await import(pathToFileURL(join(here, file)).href)) as { run(): Promise<BenchFigure[]> };
    for (const f of await module.run()) {
      const spread = f.spread ? `, spread ${format(f.spread.min)}–${format(f.spread.max)} over ${f.spread.pairs} pairs` : "";
      console.log(`${f.name}: ${format(f.value)} ${f.unit} (baseline ${f.baseline}: ${format(f.baselineValue)} ${f.unit}, ratio ${format(f.ratio)}${spread})`);
    }
  } catch (error) {
    failed = true;
    console.error(`${file} failed:`, error);
  }
}
process.exit(failed ? 1 : 0);
