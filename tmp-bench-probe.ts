import { run } from "./bench/compare.bench";
const t = performance.now();
for (const f of await run()) console.log(`${f.name}: ${f.value} ${f.unit} (baseline ${f.baseline}: ${f.baselineValue} ${f.unit}, ratio ${f.ratio.toFixed(3)})`);
console.log("total", Math.round(performance.now() - t), "ms");
