/**
 * The cost of checking one keystroke before it joins the live draft (SPEC C-13, C-15): decode,
 * inspect against the shape and limits, writer lookup, apply — against decode and apply alone.
 * Run: npx tsx bench/updateInspection.ts [keystrokes]. In-process, no network or storage, so the
 * ratio is an upper bound of what the checks add to the server's whole per-keystroke work.
 */
import * as Y from "yjs";
import v2 from "~/db/seed-data/agreement-v2.json";
import { agreementContentSchema } from "~/shared/agreement";
import { documentFromAgreement, orderedClauses } from "~/shared/collab/docShape";
import { inspectUpdate } from "~/server/collab/updateInspector";

const keystrokes = Number(process.argv[2] ?? 20_000);
const content = agreementContentSchema.parse(v2);
const origin = documentFromAgreement(content);
const client = new Y.Doc();
Y.applyUpdate(client, Y.encodeStateAsUpdate(origin));

// One update per keystroke, as y-codemirror.next sends them: a character typed at a random place.
let seed = 7;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const updates: Uint8Array[] = [];
client.on("update", (u: Uint8Array) => updates.push(u));
const clauses = orderedClauses(client);
for (let i = 0; i < keystrokes; i++) {
  const body = clauses[Math.floor(random() * clauses.length)].body;
  if (random() < 0.1 && body.length > 0) body.delete(Math.floor(random() * body.length), 1);
  else body.insert(Math.floor(random() * (body.length + 1)), "字");
}

/** Decode and apply every keystroke; the checks' own time is clocked apart, in the same pass. */
function run(): { pipeline: number; checks: number } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
  const writers = new Map<number, string>();
  let pipeline = 0n;
  let checks = 0n;
  for (const update of updates) {
    const t0 = process.hrtime.bigint();
    const decoded = Y.decodeUpdate(update);
    const t1 = process.hrtime.bigint();
    for (const s of decoded.structs) if ((writers.get(s.id.client) ?? "u") !== "u") throw new Error("taken");
    if (inspectUpdate(doc, decoded)) throw new Error("refused");
    for (const s of decoded.structs) if (!writers.has(s.id.client)) writers.set(s.id.client, "u");
    const t2 = process.hrtime.bigint();
    Y.applyUpdate(doc, update);
    const t3 = process.hrtime.bigint();
    pipeline += t1 - t0 + (t3 - t2);
    checks += t2 - t1;
  }
  doc.destroy();
  return { pipeline: Number(pipeline) / updates.length / 1000, checks: Number(checks) / updates.length / 1000 };
}

// A few passes; the medians (the machine is shared).
const passes = Array.from({ length: 9 }, run);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pipeline = median(passes.map((p) => p.pipeline));
const checks = median(passes.map((p) => p.checks));
console.log(`[figure] collab.keystroke_decode_apply: ${pipeline.toFixed(1)} µs`);
console.log(`[figure] collab.keystroke_checks: ${checks.toFixed(1)} µs (${((pipeline + checks) / pipeline).toFixed(2)}× decode+apply)`);
