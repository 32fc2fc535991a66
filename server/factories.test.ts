import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, delegations, participants, users } from "~/db/schema";
import { listVersions } from "~/db/queries/versions";
import { openTestDriver, type TestDriver } from "~/tests/setup/testDriver";
import { verifyPassword } from "./auth/password";
import { CollabService } from "./collab/service";
import { makeAccounts, makeDelegation, makeDraft, makeNegotiation, makeOrganisations, makeSeats, makeVersion } from "./factories";
import { seedDemo, DEMO_ACCOUNTS, DEMO_NEGOTIATION_ID } from "./seed";

/**
 * The data factories on a real database of the suite's dialect, with the real collaboration
 * service: a negotiation of the test's own (no demo data), and the demo seed built through them.
 */
let database: TestDriver;
let collab: CollabService;

beforeAll(async () => {
  database = await openTestDriver();
  collab = new CollabService({ driver: database.driver, sessionSecret: "factories-secret-factories-secret", idleUnloadMs: 0 });
});

afterAll(async () => {
  await collab?.close();
  await database?.close();
});

describe("data factories", () => {
  it("make a negotiation with seats, its draft in the Yjs document, a version and a delegation, and return their ids", async () => {
    const { driver } = database;
    await makeOrganisations(driver, [
      { id: "f-union", name: "测试工会", kind: "union", level: "sector", parentId: null },
      { id: "f-firm", name: "测试企业", kind: "enterprise", level: "platform", parentId: null },
      { id: "f-city", name: "测试市总工会", kind: "union", level: "city", parentId: null },
    ]);
    const accounts = await makeAccounts(driver, [
      { username: "f.chief", displayName: "甲", organisationId: "f-union" },
      { username: "f.boss", displayName: "乙", organisationId: "f-firm" },
    ], "factory-password");
    const [chief] = await driver.db.select().from(users).where(eq(users.id, accounts["f.chief"]));
    expect(chief).toMatchObject({ username: "f.chief", organisationId: "f-union", isAdmin: false });
    expect(await verifyPassword(chief!.passwordHash, "factory-password")).toBe(true);

    const draft = makeDraft("测试协议", [{ title: "工资", topic: "pay_method", body: "每单不低于6元。" }, { title: "休息" }]);
    expect(new Set(draft.clauses.map((c) => c.id)).size).toBe(2);
    const negotiation = await makeNegotiation({ driver, collab }, accounts["f.chief"], {
      title: "测试协商",
      scope: "enterprise",
      region: "青城市",
      industry: "配送",
      mode: "standard",
      unionOrgId: "f-union",
      enterpriseOrgId: "f-firm",
      higherUnionOrgId: "f-city",
      proposedBySide: "union",
      proposedOn: "2026-11-10",
      draft,
    });
    // What it returns is what the live document holds.
    expect(await collab.readAgreement(negotiation.id)).toEqual({ title: "测试协议", clauses: negotiation.clauses });

    const seats = await makeSeats(driver, negotiation.id, [{ userId: accounts["f.boss"], side: "enterprise", role: "chief" }], accounts["f.chief"]);
    const seated = await driver.db.select().from(participants).where(eq(participants.negotiationId, negotiation.id));
    expect(seated.map((p) => [p.userId, p.side, p.role]).sort()).toEqual([[accounts["f.chief"], "union", "chief"], [accounts["f.boss"], "enterprise", "chief"]].sort());
    expect(seated.find((p) => p.userId === accounts["f.boss"])!.id).toBe(seats[accounts["f.boss"]]);

    const version = await makeVersion(driver, { negotiationId: negotiation.id, label: "首轮", side: "union", kind: "manual", createdBy: accounts["f.chief"], content: draft });
    expect((await listVersions(driver.db, negotiation.id)).map((v) => [v.id, v.label])).toEqual([[version.id, "首轮"]]);

    const delegationId = await makeDelegation(driver, { negotiationId: negotiation.id, kind: "represent", fromOrgId: "f-union", toOrgId: "f-city", letterNo: "T-1", validFrom: "2026-11-01", validTo: "2027-12-31", registeredBy: accounts["f.chief"] });
    expect((await driver.db.select().from(delegations).where(eq(delegations.id, delegationId))).length).toBe(1);
    const actions = (await driver.db.select().from(auditLog).where(eq(auditLog.negotiationId, negotiation.id))).map((a) => a.action);
    expect(actions).toEqual(["negotiation.started", "version.saved", "delegation.registered"]);
  });

  it("build the demo seed, which returns the ids it made: every contract account, the demo negotiation's clauses and its two versions", async () => {
    const { driver } = database;
    const seeded = await seedDemo(driver, collab);
    expect(Object.keys(seeded.accounts).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    for (const [username, id] of Object.entries(seeded.accounts)) expect((await driver.db.select().from(users).where(eq(users.id, id)))[0]!.username).toBe(username);
    expect(seeded.negotiation.id).toBe(DEMO_NEGOTIATION_ID);
    expect((await collab.readAgreement(DEMO_NEGOTIATION_ID)).clauses).toEqual(seeded.negotiation.clauses);
    const versions = await listVersions(driver.db, DEMO_NEGOTIATION_ID);
    expect(versions.map((v) => [v.id, v.label])).toEqual([[seeded.versions.first, "工会方首轮提案"], [seeded.versions.second, "平台方回应稿"]]);
    const seats = await driver.db.select().from(participants).where(eq(participants.negotiationId, DEMO_NEGOTIATION_ID));
    expect(seats).toHaveLength(DEMO_ACCOUNTS.filter((a) => a.seat).length);
  });
});
