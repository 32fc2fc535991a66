import { agreementContentSchema } from "../shared/agreement";
import { compareAgreements } from "../shared/diff/compareAgreements";
import { largeVersions } from "./compare.bench";
import v1Fixture from "../db/seed-data/agreement-v1.json";
import v2Fixture from "../db/seed-data/agreement-v2.json";
const v1 = agreementContentSchema.parse(v1Fixture);
const v2 = agreementContentSchema.parse(v2Fixture);
const { older, newer } = largeVersions(v1, v2);
compareAgreements(older, newer);
const t: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 7); i++) { const s = performance.now(); compareAgreements(older, newer); t.push(performance.now() - s); }
console.log(t.map((x) => x.toFixed(1)).join(" "), "median", t.sort((a, b) => a - b)[3].toFixed(1));
process.exit(0);
