import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { findNegotiation } from "~/db/queries/negotiations";
import { rawRun } from "~/db/raw";
import { auditLog, delegations, signOffs, users, versions } from "~/db/schema";
import { createAccount } from "~/server/commands/accountManager";
import { confirmTentativeAgreement } from "~/server/commands/tentativeAgreementConfirmer";
import { signatureRecordFacts } from "~/db/queries/signatureRecord";
import { presentSignatureRecord } from "~/server/presenters/signatureRecord";
import { orderedClauses } from "~/shared/collab/docShape";
import { chinaToday, takesEffectOn } from "~/shared/rules/deadlines";
import { liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, DEMO_PASSWORD, get, login, startTestServer, type TestServer } from "../setup/server";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SIGN = `/negotiations/${DEMO_NEGOTIATION}/sign`;
const DELEGATIONS = `/negotiations/${DEMO_NEGOTIATION}/delegations`;
const CAPACITY = "青城市总工会(受青城市网络餐饮配送行业工会联合会委托,上代下,委托书 QC-2026-001)";

let server: TestServer;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];

function post(path: string, user: string, body: Record<string, string> | FormData): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { Cookie: cookies[user] },
    body: body instanceof FormData ? body : new URLSearchParams(body),
    redirect: "manual",
  });
}

const db = () => server.context.driver.db;
const driver = () => server.context.driver;
const userId = async (username: string) => (await db().select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]!.id;
const negotiation = async () => (await findNegotiation(db(), DEMO_NEGOTIATION))!;
const signOffCount = async () => (await db().select().from(signOffs).where(eq(signOffs.negotiationId, DEMO_NEGOTIATION))).length;

async function exported(user = "union.chief") {
  const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookies[user]);
  expect(response.status).toBe(200);
  return response.text();
}

/** Drives every clause of the demo to 暂定一致: union.chief proposes, platform.chief confirms. */
async function driveEveryClauseToTentativeAgreement() {
  const content = await server.context.collab.readAgreement(DEMO_NEGOTIATION);
  const union = { id: await userId("union.chief"), membership: { side: "union" as const, role: "chief" as const } };
  const enterprise = { id: await userId("platform.chief"), membership: { side: "enterprise" as const, role: "chief" as const } };
  for (const clause of content.clauses) {
    for (const chief of [union, enterprise]) {
      const outcome = await confirmTentativeAgreement(server.context, { negotiation: await negotiation(), userId: chief.id, membership: chief.membership }, { clauseId: clause.id });
      expect(outcome.ok).toBe(true);
    }
  }
}

/** `npm run verify` on the test server's database: its SQLite file (--db) or its PostgreSQL database (DATABASE_URL). */
function runVerify(database: Record<string, string>) {
  const { DATABASE_URL: _url, ...env } = process.env;
  const args = database.DATABASE_URL ? [] : ["--db", database.DATABASE_PATH];
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "server/cli/verify.ts"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...env, ...database } });
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.chief", "union.rep", "city.union", "platform.chief", "platform.rep", "observer"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  await server?.stop();
});

describe("S-1 delegations: register, check, revoke (issue 6)", () => {
  it("refuses a delegation downward in the union tree with a Chinese reason, and a representative altogether", async () => {
    const wrong = await post(DELEGATIONS, "union.chief", { intent: "register", kind: "represent", fromOrgId: "org-sector", toOrgId: "org-station", letterNo: "WRONG-1", validFrom: "2026-11-01", validTo: "2027-12-31" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("上代下只能委托给委托方的上级工会");
    const rep = await post(DELEGATIONS, "union.rep", { intent: "register", kind: "represent", fromOrgId: "org-sector", toOrgId: "org-district", letterNo: "REP-1", validFrom: "2026-11-01", validTo: "2027-12-31" });
    expect(rep.status).toBe(403);
  });

  it("checks the scan's type by its bytes, not its name", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: "register", kind: "represent", fromOrgId: "org-sector", toOrgId: "org-district", letterNo: "FAKE-1", validFrom: "2026-11-01", validTo: "2027-12-31" })) form.set(k, v);
    form.set("scan", new Blob([Buffer.from("MZ this is not a pdf")], { type: "application/pdf" }), "letter.pdf");
    const response = await post(DELEGATIONS, "union.chief", form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("扫描件须为 PDF、JPEG 或 PNG 文件");
    expect(await db().select().from(delegations).where(eq(delegations.letterNo, "FAKE-1"))).toHaveLength(0);
  });

  it("registers a delegation with a PNG scan (named .txt), serves it back, and revokes it with a reason — nothing deleted", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: "register", kind: "represent", fromOrgId: "org-sector", toOrgId: "org-district", letterNo: "QC-TEST-002", validFrom: "2026-11-01", validTo: "2027-06-30" })) form.set(k, v);
    form.set("scan", new Blob([png], { type: "text/plain" }), "scan.txt");
    expect((await post(DELEGATIONS, "city.union", form)).status).toBe(200);
    const row = (await db().select().from(delegations).where(eq(delegations.letterNo, "QC-TEST-002")).limit(1))[0]!;
    expect(row.scanMime).toBe("image/png");
    const scan = await get(server.url, `${DELEGATIONS}/${row.id}/scan`, cookies.observer);
    expect(scan.status).toBe(200);
    expect(scan.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await scan.arrayBuffer()).equals(png)).toBe(true);

    const page = await (await get(server.url, DELEGATIONS, cookies.observer)).text();
    expect(page).toContain("QC-2026-001");
    expect(page).toContain("QC-TEST-002");

    expect((await post(DELEGATIONS, "union.chief", { intent: "revoke", delegationId: row.id, reason: "" })).status).toBe(400);
    expect((await post(DELEGATIONS, "union.chief", { intent: "revoke", delegationId: row.id, reason: "委托书填写有误" })).status).toBe(200);
    const revoked = (await db().select().from(delegations).where(eq(delegations.id, row.id)).limit(1))[0]!;
    expect(revoked.revokedAt).not.toBeNull();
    expect(revoked.revokeReason).toBe("委托书填写有误");
    const actions = (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.negotiationId, DEMO_NEGOTIATION))).map((a) => a.action);
    expect(actions).toContain("delegation.revoked");
  });
});

describe("S-2, S-3 ratification", () => {
  it("W-7: refuses a vote before every clause is at tentative agreement, and signing too", async () => {
    const vote = await post(SIGN, "union.chief", { intent: "ratify", body: "congress", total: "100", attended: "80", approved: "60", heldOn: chinaToday(), resolutionNo: "QC-ZDH-2026-01", versionId: "live" });
    expect(vote.status).toBe(400);
    expect(await vote.text()).toContain("尚有条款未达成暂定一致");
    const sign = await post(SIGN, "platform.chief", { intent: "sign", password: DEMO_PASSWORD });
    expect(sign.status).toBe(403); // one answer for "cannot sign now" and a wrong password
    expect(await signOffCount()).toBe(0);
  });

  it("a failed vote (quorum not met) sends the draft back to bargaining; a valid one ratifies a milestone of the live text", async () => {
    await driveEveryClauseToTentativeAgreement();
    const failed = await post(SIGN, "union.chief", { intent: "ratify", body: "congress", total: "90", attended: "59", approved: "50", against: "5", abstained: "4", heldOn: chinaToday(), resolutionNo: "QC-ZDH-2026-01", versionId: "live" });
    expect(failed.status).toBe(200);
    expect((await negotiation()).status).toBe("bargaining");
    const page = await (await get(server.url, SIGN, cookies["union.chief"])).text();
    expect(page).toContain("未达到三分之二以上出席的要求(至少 60 人)");

    const invalid = await post(SIGN, "union.chief", { intent: "ratify", body: "congress", total: "90", attended: "95", approved: "50", heldOn: chinaToday(), resolutionNo: "X", versionId: "live" });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain("实到人数不能多于应到人数");

    const passed = await post(SIGN, "union.chief", { intent: "ratify", body: "congress", total: "90", attended: "60", approved: "46", against: "10", abstained: "4", heldOn: chinaToday(), resolutionNo: "QC-ZDH-2026-02", versionId: "live" });
    expect(passed.status).toBe(200);
    expect((await negotiation()).status).toBe("ratified");
    const milestone = await db().select().from(versions).where(and(eq(versions.negotiationId, DEMO_NEGOTIATION), eq(versions.label, "提交职代会审议稿")));
    expect(milestone.length).toBeGreaterThanOrEqual(1);
  });
});

describe("S-4…S-6 signing with authority checked at the moment of signing", () => {
  it("refuses a representative, the union chief under 上代下, and a wrong password — recording nothing", async () => {
    const rep = await post(SIGN, "union.rep", { intent: "sign", password: DEMO_PASSWORD });
    expect(rep.status).toBe(403);
    expect(await rep.text()).toContain("您的席位不是本协议的签署人");
    const chief = await post(SIGN, "union.chief", { intent: "sign", password: DEMO_PASSWORD });
    expect(chief.status).toBe(403);
    expect(await chief.text()).toContain("上代下协商由受托的上级工会签署");
    const wrong = await post(SIGN, "platform.chief", { intent: "sign", password: "not-my-password" });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain("密码不正确");
    expect(await signOffCount()).toBe(0);
  });

  it("refuses city.union while the delegation has expired, and while it is revoked", async () => {
    const demo = eq(delegations.id, "dlg-qc-2026-001");
    await driver().write(async (tx) => { await tx.update(delegations).set({ validFrom: "2025-01-01", validTo: "2026-10-31" }).where(demo); });
    const expired = await post(SIGN, "city.union", { intent: "sign", password: DEMO_PASSWORD });
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain("该委托已于 2026-10-31 到期");
    await driver().write(async (tx) => { await tx.update(delegations).set({ validFrom: "2026-11-01", validTo: "2027-12-31", revokedAt: Date.now() }).where(demo); });
    const revoked = await post(SIGN, "city.union", { intent: "sign", password: DEMO_PASSWORD });
    expect(revoked.status).toBe(403);
    expect(await revoked.text()).toContain("撤销");
    await driver().write(async (tx) => { await tx.update(delegations).set({ revokedAt: null }).where(demo); });
    expect(await signOffCount()).toBe(0);
  });

  let peer: TestPeer;
  let before: string;

  it("platform.chief then city.union sign; the agreement is locked, signed today, with the delegate's capacity", async () => {
    peer = connectPeer(server.url, DEMO_NEGOTIATION, cookies["city.union"]);
    peers.push(peer);
    await synced(peer);

    const first = await post(SIGN, "platform.chief", { intent: "sign", password: DEMO_PASSWORD });
    expect(first.status).toBe(200);
    expect((await negotiation()).lockedAt).toBeNull();
    const again = await post(SIGN, "platform.chief", { intent: "sign", password: DEMO_PASSWORD });
    expect(again.status).toBe(403);

    const second = await post(SIGN, "city.union", { intent: "sign", password: DEMO_PASSWORD });
    expect(second.status).toBe(200);
    const n = await negotiation();
    expect(n.status).toBe("signed");
    expect(n.lockedAt).not.toBeNull();
    expect(n.signedOn).toBe(chinaToday());

    const rows = await db().select().from(signOffs).where(eq(signOffs.negotiationId, DEMO_NEGOTIATION));
    expect(rows).toHaveLength(2);
    const cityUnion = await userId("city.union");
    const delegate = rows.find((r) => r.userId === cityUnion)!;
    expect(delegate.capacity).toBe(CAPACITY);
    expect(delegate.delegationId).toBe("dlg-qc-2026-001");
    const ratified = (await db().select().from(versions).where(eq(versions.id, delegate.versionId)).limit(1))[0]!;
    expect(delegate.contentHash).toBe(ratified.contentHash);
    const signedVersion = (await db().select().from(versions).where(and(eq(versions.negotiationId, DEMO_NEGOTIATION), eq(versions.label, "已签署文本"))).limit(1))[0]!;
    expect(signedVersion.contentHash).toBe(ratified.contentHash);

    const page = await (await get(server.url, SIGN, cookies.observer)).text();
    expect(page).toContain("已签署");
    expect(page).toContain(ratified.contentHash);
    before = await exported();
  });

  it("a connected Yjs client's update is refused and nothing changes; a new client is refused too", async () => {
    const clause = orderedClauses(peer.doc)[0];
    clause.body.insert(0, "签署后篡改:");
    const late = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.chief"]);
    peers.push(late);
    await synced(late);
    late.doc.transact(() => orderedClauses(late.doc)[1].title.insert(0, "改"));
    await new Promise((r) => setTimeout(r, 500));
    expect(await exported()).toBe(before);
    const fresh = connectPeer(server.url, DEMO_NEGOTIATION, cookies.observer);
    peers.push(fresh);
    await synced(fresh);
    await waitFor(() => orderedClauses(fresh.doc).length > 0);
    expect(orderedClauses(fresh.doc)[0].body.toString()).not.toContain("签署后篡改");
    expect(Y.encodeStateAsUpdate(fresh.doc).length).toBeGreaterThan(0);
  });

  it("every HTTP mutation of the agreement answers 403 once it is locked", async () => {
    const clause = (await liveClauses(server))[0]!.id; // any clause of the draft
    const attempts: [string, string, Record<string, string>][] = [
      [SIGN, "union.chief", { intent: "ratify", body: "congress", total: "90", attended: "60", approved: "46", heldOn: chinaToday(), resolutionNo: "R", versionId: "live" }],
      [SIGN, "city.union", { intent: "sign", password: DEMO_PASSWORD }],
      [DELEGATIONS, "union.chief", { intent: "register", kind: "represent", fromOrgId: "org-sector", toOrgId: "org-district", letterNo: "LATE-1", validFrom: "2026-11-01", validTo: "2027-12-31" }],
      [DELEGATIONS, "union.chief", { intent: "revoke", delegationId: "dlg-qc-2026-001", reason: "签署后撤销" }],
      [`/negotiations/${DEMO_NEGOTIATION}/clauses/${clause}`, "union.chief", { intent: "confirm_ta" }],
      [`/negotiations/${DEMO_NEGOTIATION}/participants`, "union.chief", { intent: "invite", username: "outsider", side: "union", role: "representative" }],
    ];
    for (const [path, user, body] of attempts) {
      const response = await post(path, user, body);
      expect(response.status, `${path} ${body.intent}`).toBe(403);
    }
    expect(await exported()).toBe(before);
    expect((await db().select().from(delegations).where(eq(delegations.id, "dlg-qc-2026-001")).limit(1))[0]!.revokedAt).toBeNull();
  });
});

describe("S-7 after signing: filing, review, clocks", () => {
  it("L-11 records the filing (enterprise chief only) with the bureau that received it, which then sees it in its ledger, and the review outcome on the locked agreement", async () => {
    expect((await post(SIGN, "union.rep", { intent: "file", filedOn: chinaToday() })).status).toBe(403);
    expect((await post(SIGN, "platform.chief", { intent: "file", filedOn: "2020-01-01" })).status).toBe(400);
    // L-11: the form names the bureau that received it; anything but an authority is refused.
    const form = await (await get(server.url, SIGN, cookies["platform.chief"])).text();
    expect(form).toContain('name="filedWithOrgId"');
    expect(form).toContain("南湖市人力资源和社会保障局");
    const wrongKind = await post(SIGN, "platform.chief", { intent: "file", filedOn: chinaToday(), filedWithOrgId: "org-platform" });
    expect(wrongKind.status).toBe(400);
    expect(await wrongKind.text()).toContain("劳动行政部门不存在");
    const bureauUser = { username: `nanhu.hrss.${Date.now()}`, password: "bureau-password-2026" };
    const created = await createAccount({ driver: driver() }, { id: await userId("admin"), isAdmin: true }, { username: bureauUser.username, displayName: "南湖人社观察", password: bureauUser.password, organisationId: "org-nanhu-hrss", isAdmin: false });
    expect(created.ok).toBe(true);
    const bureauCookie = await login(server.url, bureauUser.username, bureauUser.password);
    const ledgerIds = async () => ((await (await get(server.url, "/api/ledger", bureauCookie)).json()) as { rows: { negotiationId: string }[] }).rows.map((r) => r.negotiationId);
    expect(await ledgerIds()).not.toContain(DEMO_NEGOTIATION);
    expect((await post(SIGN, "platform.chief", { intent: "file", filedOn: chinaToday(), filedWithOrgId: "org-nanhu-hrss" })).status).toBe(200);
    expect(await negotiation()).toMatchObject({ status: "filed", filedOn: chinaToday(), filedWithOrgId: "org-nanhu-hrss" });
    const audit = (await db().select().from(auditLog).where(and(eq(auditLog.negotiationId, DEMO_NEGOTIATION), eq(auditLog.action, "filing.recorded"))).limit(1))[0]!;
    expect(JSON.stringify(audit)).toContain("org-nanhu-hrss");
    expect(await ledgerIds()).toContain(DEMO_NEGOTIATION);
    const review = await post(SIGN, "union.chief", { intent: "review", outcome: "no_objection", reviewedOn: chinaToday(), termYears: "3" });
    expect(review.status).toBe(200);
    const n = await negotiation();
    expect(n.status).toBe("effective");
    expect(n.effectiveOn).toBe(takesEffectOn(chinaToday()));
    expect(n.expiresOn! > n.effectiveOn!).toBe(true);
    const page = await (await get(server.url, SIGN, cookies.observer)).text();
    expect(page).toContain("报送劳动保障行政部门审查");
    expect(page).toContain("续订窗口开启");
    expect(page).toContain("已签署");
  });

  it("records the publication to the workers (Art. 48) once the agreement is in effect, and the publication clock is met", async () => {
    const effectiveOn = (await negotiation()).effectiveOn!;
    expect((await post(SIGN, "observer", { intent: "publish", publishedOn: effectiveOn })).status).toBe(403);
    const early = await post(SIGN, "union.chief", { intent: "publish", publishedOn: chinaToday() });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("不能早于生效日期");
    expect((await post(SIGN, "union.chief", { intent: "publish", publishedOn: effectiveOn })).status).toBe(200);
    expect((await negotiation()).publishedOn).toBe(effectiveOn);
    expect((await post(SIGN, "platform.chief", { intent: "publish", publishedOn: effectiveOn })).status).toBe(400);
    const page = await (await get(server.url, SIGN, cookies.observer)).text();
    expect(page).toMatch(/data-clock="publication" class="clock-met"/);
  });
});

describe("S-8 the signature record and the tamper-evident audit chain", () => {
  it("presents every signature with capacity, delegation basis, hash, ratification and the chain head", async () => {
    const record = presentSignatureRecord(await signatureRecordFacts(db(), DEMO_NEGOTIATION));
    expect(record.signatures).toHaveLength(2);
    const delegate = record.signatures.find((s) => s.side === "union")!;
    expect(delegate).toMatchObject({ organisation: "青城市总工会", signatoryName: "赵市总", capacity: CAPACITY });
    expect(delegate.delegationRef).toContain("QC-2026-001");
    expect(delegate.signedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(record.ratification).toMatchObject({ body: "职工代表大会", total: 90, attended: 60, approved: 46, against: 10, abstained: 4, resolutionNo: "QC-ZDH-2026-02", valid: true });
    expect(record.ratification!.verdictText).toContain("草案获得通过");
    expect(record.representatives.some((r) => r.name === "刘人事" && r.role === "chief")).toBe(true);
    expect(record.auditChainHead).toMatch(/^[0-9a-f]{64}$/);
    const html = await (await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/record`, cookies.observer)).text();
    expect(html).toContain('data-ok="yes"');
    expect(html).toContain(CAPACITY);
    expect(html).toContain("草案获得通过。(集体合同规定第三十六条)");
    // The same verdict on the record page in English, from the catalogue, with the article cited.
    const english = await (await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/record`, `${cookies.observer}; ts_lang=en`)).text();
    const shown = /data-testid="record-verdict">([^<]*)</.exec(english)?.[1] ?? "";
    expect(shown).toContain("60 of 90 attended: the quorum of at least 2/3 (at least 60) is met");
    expect(shown).toContain("The draft is adopted. (Collective Contract Provisions, Art. 36)");
    expect(shown).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("npm run verify passes, then names the tampered entry and exits non-zero", async () => {
    const clean = runVerify(server.databaseEnv);
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain(`ok      ${DEMO_NEGOTIATION}`);

    const target = (await db().select().from(auditLog).where(and(eq(auditLog.negotiationId, DEMO_NEGOTIATION), eq(auditLog.action, "agreement.signed"))).limit(1))[0]!;
    // The tampering goes through a write: on a SQLite file `driver.db` is the read-only connection.
    await server.driver.write((tx) => rawRun(tx, sql`UPDATE audit_log SET detail = ${JSON.stringify({ capacity: "伪造的签署资格" })} WHERE id = ${target.id}`));
    const tampered = runVerify(server.databaseEnv);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toContain(`id=${target.id}`);
    expect(tampered.stderr).toContain("action=agreement.signed");
    expect(tampered.stderr).toContain(`negotiation=${DEMO_NEGOTIATION}`);
  });

  it("the record page's badge turns red and names the broken entry", async () => {
    const html = await (await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/record`, cookies.observer)).text();
    expect(html).toContain('data-ok="no"');
    expect(html).toMatch(/审计链已被篡改:第 \d+ 条记录/);
  });
});



