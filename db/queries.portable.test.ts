import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, verifyChain } from "./audit";
import type { Db } from "./client";
import type { Driver } from "./driver";
import { openPostgresDriver } from "./driver.pg";
import { openSqliteDriver } from "./driver.sqlite";
import { rawColumn } from "./raw";
import { createTestDatabase, dropTestDatabase } from "./pgTestDatabase";
import { ledgerAuditEntries, ledgerRecords } from "./queries/ledger";
import { insertVersion, listVersions } from "./queries/versions";
import { negotiations, organisations, participants, ratifications, tentativeAgreements, users } from "./schema";

/**
 * The queries whose SQL is written by hand (the ledger's raw statements) and the audit chain's
 * append, run on both dialects against the same rows: what SQLite returns, PostgreSQL returns.
 */
async function seed(tx: Db): Promise<void> {
  await tx.insert(organisations).values([
    { id: "l-parent", name: "市总工会", kind: "union", level: "city" },
    { id: "l-union", name: "区工会", kind: "union", level: "district", parentId: "l-parent" },
    { id: "l-ent", name: "平台企业", kind: "enterprise", level: "enterprise" },
  ]);
  await tx.insert(users).values({ id: "l-user", username: "l-chief", displayName: "主席", passwordHash: "x", organisationId: "l-union" });
  await tx.insert(negotiations).values([
    { id: "l-neg", title: "外卖骑手集体合同", scope: "sector", mode: "standard", unionOrgId: "l-union", enterpriseOrgId: "l-ent", proposedBySide: "union", proposedOn: "2026-01-05", clauseCount: 3 },
    { id: "l-other", title: "别处的合同", scope: "sector", mode: "standard", unionOrgId: "l-ent", enterpriseOrgId: "l-ent", proposedBySide: "union", proposedOn: "2026-01-06" },
  ]);
  await tx.insert(participants).values({ id: "l-p", negotiationId: "l-neg", userId: "l-user", side: "union", role: "chief" });
  const version = await insertVersion(tx, { id: "l-v1", negotiationId: "l-neg", label: "首轮", side: "union", kind: "manual", content: "{}", contentHash: "h1" });
  expect(version.seq).toBe(1);
  await insertVersion(tx, { id: "l-v2", negotiationId: "l-neg", label: "次轮", side: "union", kind: "manual", content: "{}", contentHash: "h2" });
  await tx.insert(ratifications).values([
    { id: "l-r1", negotiationId: "l-neg", versionId: "l-v1", body: "congress", total: 10, attended: 4, approved: 3, against: 1, abstained: 0, heldOn: "2026-02-01", resolutionNo: "1", valid: false },
    { id: "l-r2", negotiationId: "l-neg", versionId: "l-v2", body: "congress", total: 10, attended: 8, approved: 7, against: 1, abstained: 0, heldOn: "2026-03-01", resolutionNo: "2", valid: true },
  ]);
  await tx.insert(tentativeAgreements).values([
    { id: "l-ta1", negotiationId: "l-neg", clauseId: "c1", contentHash: "x", unionConfirmedAt: 1, enterpriseConfirmedAt: 2 },
    { id: "l-ta2", negotiationId: "l-neg", clauseId: "c2", contentHash: "x", unionConfirmedAt: 1 },
    { id: "l-ta3", negotiationId: "l-neg", clauseId: "c3", contentHash: "x", unionConfirmedAt: 1, enterpriseConfirmedAt: 2, voidedAt: 3 },
  ]);
  await appendAudit(tx, { negotiationId: "l-neg", actorId: "l-user", action: "coverage.updated", detail: { enterprises: 2, workers: 300 } }, 1_000);
  await appendAudit(tx, { negotiationId: "l-neg", actorId: "l-user", action: "ta.confirmed", detail: { clauseId: "c1" } }, 2_000);
  await appendAudit(tx, { negotiationId: "l-neg", actorId: "l-user", action: "ta.confirmed", detail: { clauseId: "c9" } }, 9_000);
}

const scope = { kind: "union", organisationId: "l-parent", links: ["union"] } as const;

describe.each([
  ["SQLite", async () => ({ driver: openSqliteDriver(":memory:") as Driver, drop: async () => {} })],
  [
    "PostgreSQL",
    async () => {
      const url = await createTestDatabase();
      return { driver: (await openPostgresDriver(url)) as Driver, drop: () => dropTestDatabase(url) };
    },
  ],
] as const)("hand-written queries on %s", (_name, open) => {
  let driver: Driver;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ driver, drop } = await open());
    await driver.write(seed);
  });

  afterAll(async () => {
    await driver?.close();
    await drop?.();
  });

  it("ledgerRecords: the scope's subtree, agreed clauses, the first valid ratification, participation as a boolean", async () => {
    const rows = await ledgerRecords(driver.db, scope, "l-user", {}, "2026-04-01");
    expect(rows.map((r) => r.negotiationId)).toEqual(["l-neg"]);
    const [row] = rows;
    expect(row.unionOrgName).toBe("区工会");
    expect(row.enterpriseOrgName).toBe("平台企业");
    expect(row.higherUnionOrgName).toBeNull();
    expect(row.progress).toEqual({ agreed: 1, total: 3 });
    expect(row.ratifiedOn).toBe("2026-03-01");
    expect(row.participant).toBe(true);
    expect(row.coverage).toEqual({ enterprises: 0, workers: 0 });
    const other = await ledgerRecords(driver.db, scope, "nobody", { mode: "standard" }, "2026-04-01");
    expect(other.map((r) => r.participant)).toEqual([false]);
    expect(await ledgerRecords(driver.db, scope, "l-user", { status: "signed" }, "2026-04-01")).toEqual([]);
  });

  it("ledgerAuditEntries: every coverage change, settled clauses inside the period only, camelCase keys", async () => {
    const entries = await ledgerAuditEntries(driver.db, scope, 1_500, 5_000);
    expect(entries.map((e) => [e.negotiationId, e.at, e.action])).toEqual([
      ["l-neg", 1_000, "coverage.updated"],
      ["l-neg", 2_000, "ta.confirmed"],
    ]);
    expect(JSON.parse(entries[0].detail)).toEqual({ enterprises: 2, workers: 300 });
  });

  it("appendAudit links the chain inside a write and verifyChain walks it", async () => {
    expect(await verifyChain(driver.db, "l-neg")).toMatchObject({ ok: true, entries: 3 });
    await driver.write((tx) => appendAudit(tx, { negotiationId: null, actorId: null, action: "system.test" }));
    expect(await verifyChain(driver.db, null)).toMatchObject({ ok: true, entries: 1 });
    expect((await listVersions(driver.db, "l-neg")).map((v) => v.seq)).toEqual([1, 2]);
  });

  it("concurrent appends to one chain queue on its lock: every entry links to the one before", async () => {
    const append = (i: number) => driver.write((tx) => appendAudit(tx, { negotiationId: "l-other", actorId: null, action: `race.${i}` }));
    await Promise.all([0, 1, 2, 3, 4, 5].map(append));
    expect(await verifyChain(driver.db, "l-other")).toMatchObject({ ok: true, entries: 6 });
  });

  it("rawColumn: the first column of each row, in the query's order, through db and through a write's tx", async () => {
    const ids = sql`SELECT ${organisations.id} FROM ${organisations} WHERE ${organisations.id} LIKE 'l-%' ORDER BY ${organisations.id} DESC`;
    const outside = await rawColumn<string>(driver.db, ids);
    expect(outside.length).toBeGreaterThan(1);
    expect(outside).toEqual([...outside].sort().reverse());
    expect(await driver.write((tx) => rawColumn<string>(tx, ids))).toEqual(outside);
    expect(await rawColumn<string>(driver.db, sql`SELECT ${organisations.id} FROM ${organisations} WHERE ${organisations.id} = 'none'`)).toEqual([]);
  });
});
