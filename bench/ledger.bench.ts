/**
 * The ledger (台账) at provincial scale (issue 14, domain.md: "tens of thousands of rows"): the
 * ledger of 10,000 generated negotiations for a regional official — one set-based query, the
 * clocks of every row, the totals — against one plain `select count(*)` over the same rows, in
 * the same database and run. Pairs alternate (ledger, count, ledger, count…) so load on the
 * shared machine hits both alike; the figure is the median ledger time against the median count
 * time, with the median and the spread of the per-pair ratios in its name. Target: < 200 ms.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openSqliteDriver, type SqliteDriver } from "~/db/driver.sqlite";
import { ledgerFor } from "~/db/queries/ledger";
import { ledgerScopeFor } from "~/server/policies/ledger";
import { ledgerOrganisations } from "~/db/queries/ledger";
import { rawRows } from "~/db/raw";
import { addDays } from "~/shared/rules/deadlines";
import { benchFigure, type BenchFigure } from "./figure";
import { prng } from "~/tests/setup/prng";

export const NEGOTIATIONS = 10_000;
export const PAIRS = 5;
export const TARGET_MS = 200;
const SEED = 20_261_201;
const CLAUSES = 33;


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A region of 12 cities × 5 districts × 4 sector unions × 3 grassroots unions, 30 platforms with contractors, and the negotiations.
 * Data generation, not the code under test: it keeps better-sqlite3's raw handle (prepared
 * statements in one synchronous transaction) for speed, so this bench is SQLite-only.
 */
export function generate(sqlite: SqliteDriver["sqlite"]): void {
  const random = prng(SEED);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const org = sqlite.prepare("INSERT INTO organisations (id, name, kind, level, parent_id) VALUES (?, ?, ?, ?, ?)");
  const unions: { id: string; parent: string | null }[] = [];
  const enterprises: string[] = [];
  sqlite.transaction(() => {
    org.run("b-region", "自治区总工会", "union", "region", null);
    org.run("b-other-region", "另一自治区总工会", "union", "region", null);
    for (let c = 0; c < 12; c++) {
      const city = `b-city-${c}`;
      org.run(city, `第${c}市总工会`, "union", "city", c < 11 ? "b-region" : "b-other-region");
      unions.push({ id: city, parent: null });
      for (let d = 0; d < 5; d++) {
        const district = `${city}-d${d}`;
        org.run(district, `${district}区总工会`, "union", "district", city);
        unions.push({ id: district, parent: city });
        for (let s = 0; s < 4; s++) {
          const sector = `${district}-s${s}`;
          org.run(sector, `${sector}行业工会联合会`, "union", "sector", district);
          unions.push({ id: sector, parent: district });
          for (let g = 0; g < 3; g++) {
            const grassroots = `${sector}-g${g}`;
            org.run(grassroots, `${grassroots}站点工会`, "union", "grassroots", sector);
            unions.push({ id: grassroots, parent: sector });
          }
        }
      }
    }
    for (let p = 0; p < 30; p++) {
      org.run(`b-platform-${p}`, `平台${p}有限公司`, "enterprise", "platform", null);
      enterprises.push(`b-platform-${p}`);
      for (let k = 0; k < 3; k++) {
        org.run(`b-platform-${p}-c${k}`, `平台${p}配送商${k}`, "enterprise", "contractor", `b-platform-${p}`);
        enterprises.push(`b-platform-${p}-c${k}`);
      }
    }
  })();

  const negotiation = sqlite.prepare(`INSERT INTO negotiations (id, title, scope, region, industry, mode, union_org_id, enterprise_org_id, higher_union_org_id,
    proposed_by_side, proposed_on, answered_on, status, signed_on, filed_on, reviewed_on, effective_on, published_on, expires_on,
    coverage_enterprises, coverage_workers, clause_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'union', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const ta = sqlite.prepare("INSERT INTO tentative_agreements (id, negotiation_id, clause_id, content_hash, union_confirmed_at, enterprise_confirmed_at, created_at) VALUES (?, ?, ?, 'h', 1, 1, 1)");
  const today = "2026-12-01";
  sqlite.transaction(() => {
    for (let i = 0; i < NEGOTIATIONS; i++) {
      const id = `b-n-${i}`;
      const union = pick(unions);
      const mode = pick(["standard", "represent", "participate"] as const);
      const proposed = addDays(today, -Math.floor(random() * 1400));
      const stage = Math.floor(random() * 6); // 0 proposed … 5 effective
      const answered = stage >= 1 ? addDays(proposed, 5 + Math.floor(random() * 20)) : null;
      const signed = stage >= 2 ? addDays(proposed, 60 + Math.floor(random() * 60)) : null;
      const filed = stage >= 3 && signed ? addDays(signed, Math.floor(random() * 14)) : null;
      const reviewed = stage >= 4 && filed ? addDays(filed, 15) : null;
      const effective = reviewed ? addDays(reviewed, 1) : null;
      const published = effective && random() < 0.7 ? addDays(effective, Math.floor(random() * 14)) : null;
      const expires = effective ? addDays(effective, 1095) : null;
      const status = ["proposed", "bargaining", "signed", "filed", "effective", "effective"][stage];
      negotiation.run(id, `第${i}号集体合同`, pick(["enterprise", "sector", "regional"]), "某市", "网络餐饮配送", mode, union.id, pick(enterprises), mode === "standard" ? null : union.parent,
        proposed, answered, status, signed, filed, reviewed, effective, published, expires, 1 + Math.floor(random() * 20), 50 + Math.floor(random() * 5000), CLAUSES);
      const agreed = stage >= 2 ? CLAUSES : Math.floor(random() * CLAUSES);
      for (let c = 0; c < agreed; c += 3) ta.run(`${id}-ta${c}`, id, `c${c}`);
    }
  })();
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), "tongshang-ledger-bench-"));
  const driver = openSqliteDriver(join(dir, "bench.db"));
  try {
    // The raw write handle for the bulk generator only (see generate); the timed code goes through the driver.
    generate(driver.sqlite);
    // As a running database would be: the bulk insert checkpointed out of the WAL.
    driver.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const verdict = ledgerScopeFor({ isAdmin: false, organisationId: "b-region" }, await ledgerOrganisations(driver.db));
    if (!verdict.ok) throw new Error("the regional official has no ledger");
    // The baseline goes through the same async door as the ledger, so the ratio compares the queries.
    const count = () => rawRows<{ n: number }>(driver.db, sql`SELECT count(*) AS n FROM negotiations`);
    const ledger = () => ledgerFor(driver.db, verdict.scope, "bench-user", { overdue: false }, "2026-12-01");
    // Two untimed warm-ups of each (JIT, page cache), then alternating pairs.
    const rows = (await ledger()).rows.length;
    await ledger();
    await count();
    await count();
    const ledgerMs: number[] = [];
    const countMs: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      let t = performance.now();
      await ledger();
      ledgerMs.push(performance.now() - t);
      t = performance.now();
      await count();
      countMs.push(performance.now() - t);
    }
    const ratios = ledgerMs.map((ms, i) => ms / countMs[i]);
    const name =
      `ledger of ${NEGOTIATIONS.toLocaleString("en")} negotiations for a regional official (${rows.toLocaleString("en")} rows in scope; median of ${PAIRS} alternating pairs, ` +
      `pair ratio median ${median(ratios).toFixed(0)}, spread ${Math.min(...ratios).toFixed(0)}–${Math.max(...ratios).toFixed(0)}; ledger ${Math.min(...ledgerMs).toFixed(0)}–${Math.max(...ledgerMs).toFixed(0)} ms; target < ${TARGET_MS} ms)`;
    return [benchFigure(name, median(ledgerMs), "ms", "one plain select count(*) over the same negotiations", median(countMs))];
  } finally {
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
