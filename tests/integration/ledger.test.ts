/**
 * Issue 14: the ledger (台账) and its 周调度 / 月调度 reports, through the real server on the seeded
 * demo region: every demo account and signed out, the policy's rule against the SQL's answer,
 * filters, sorting, totals and every failure path, the coverage form, the workbooks read back with
 * read-excel-file (a second library, not the exceljs that wrote them) and jszip, and the PDF read
 * with poppler's pdftotext / pdffonts.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import JSZip from "jszip";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, negotiations, participants, users } from "~/db/schema";
import { ledgerOrganisations } from "~/db/queries/ledger";
import { ledgerScopeFor, ledgerShows } from "~/server/policies/ledger";
import { PRINCIPALS } from "~/server/policies/routeAccess";
import type { Ledger } from "~/shared/ledger/types";
import { periodContaining } from "~/shared/ledger/period";
import { addDays, chinaToday, toDayNumber } from "~/shared/rules/deadlines";
import { clausesMap, insertClause } from "~/shared/collab/docShape";
import { clauseDealer, liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

let server: TestServer;
const cookies: Record<string, string | undefined> = {};
const workDir = mkdtempSync(join(tmpdir(), "tongshang-ledger-"));
const db = () => server.driver.db;

/** Clauses of the demo's live draft for what each test does (a comment, a confirmation, a neighbour for an insert), not the demo's ids. */
const C = {} as Record<"discussed" | "confirmed" | "neighbour", string>;

beforeAll(async () => {
  server = await startTestServer();
  const next = clauseDealer(await liveClauses(server));
  for (const purpose of ["discussed", "confirmed", "neighbour"] as const) C[purpose] = next().id;
  for (const principal of PRINCIPALS) cookies[principal] = principal === "anonymous" ? undefined : await login(server.url, principal);
});

afterAll(async () => {
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

async function ledger(user: string, query = ""): Promise<Ledger> {
  const response = await get(server.url, `/api/ledger${query}`, cookies[user]);
  expect(response.status, `${user} ${query}`).toBe(200);
  return (await response.json()) as Ledger;
}

async function bytes(path: string, user: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await get(server.url, path, cookies[user]);
  return { status: response.status, type: response.headers.get("content-type"), body: Buffer.from(await response.arrayBuffer()) };
}

/** What the policy's one-row rule says `user` sees, over every negotiation in the database. */
async function expectedVisible(username: string): Promise<string[] | null> {
  const user = (await db().select().from(users).where(eq(users.username, username)).limit(1))[0]!;
  const organisations = await ledgerOrganisations(db());
  const verdict = ledgerScopeFor(user, organisations);
  if (!verdict.ok) return null;
  const observers = await db().select({ negotiationId: participants.negotiationId, org: users.organisationId }).from(participants).innerJoin(users, eq(users.id, participants.userId)).where(eq(participants.side, "observer"));
  return (await db()
    .select()
    .from(negotiations))
    .filter((n) => ledgerShows(verdict.scope, organisations, { ...n, observerOrgIds: observers.filter((o) => o.negotiationId === n.id).map((o) => o.org) }))
    .map((n) => n.id)
    .sort();
}

describe("who sees what (SPEC L-1, L-2)", () => {
  it("L-1: every demo account sees exactly what the policy's rule allows; the admin gets 403, signed out 401", async () => {
    for (const principal of PRINCIPALS) {
      if (principal === "anonymous") {
        for (const path of ["/api/ledger", "/ledger.xlsx", "/ledger/report.xlsx?period=week&on=2026-12-01", "/ledger/report.pdf?period=month&on=2026-12-01"]) {
          expect((await get(server.url, path)).status, path).toBe(401);
        }
        const page = await get(server.url, "/ledger");
        expect(page.status).toBe(302);
        expect(page.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fledger/);
        continue;
      }
      const expected = await expectedVisible(principal);
      if (expected === null) {
        expect(principal).toBe("admin");
        const refused = await get(server.url, "/api/ledger", cookies[principal]);
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { message: string }).message).toMatch(/^[\u4e00-\u9fff]/);
        continue;
      }
      const got = await ledger(principal);
      expect(got.rows.map((r) => r.negotiationId).sort(), principal).toEqual(expected);
      // Taking part, not seeing, decides the link: the flag agrees with the user's own dashboard.
      const mine = ((await (await get(server.url, "/api/negotiations", cookies[principal])).json()) as { id: string }[]).map((n) => n.id);
      for (const row of got.rows) expect(row.participant, `${principal} ${row.negotiationId}`).toBe(mine.includes(row.negotiationId));
    }
  });

  it("L-1: the regional official sees the whole demo region, the city federation its city only, the platform its cities' agreements", async () => {
    const region = await ledger("region.union");
    const city = await ledger("city.union");
    const seededIds = (await db().select({ id: negotiations.id }).from(negotiations)).map((n) => n.id);
    expect(region.scope).toEqual({ kind: "union", organisationId: "org-region" });
    expect(region.rows.map((r) => r.negotiationId).sort()).toEqual([...seededIds].sort());
    expect(region.rows.length).toBeGreaterThanOrEqual(12);
    expect(city.rows.some((r) => r.negotiationId === DEMO_NEGOTIATION && r.participant)).toBe(true);
    expect(city.rows.every((r) => r.region.startsWith("青城"))).toBe(true);
    expect(city.rows.length).toBeLessThan(region.rows.length);
    const platform = await ledger("platform.chief");
    expect(new Set(platform.rows.map((r) => r.region)).size).toBeGreaterThan(1);
    expect(platform.scope.kind).toBe("enterprise");
    const observer = await ledger("observer");
    expect(observer.scope.kind).toBe("authority");
    expect(observer.rows.map((r) => r.negotiationId)).toContain(DEMO_NEGOTIATION);
  });

  it("L-2: org narrows to a sub-organisation; outside the scope, unknown or above it is 403; malformed is 400", async () => {
    const narrowed = await ledger("region.union", "?org=org-beichuan");
    expect(narrowed.scope.organisationId).toBe("org-beichuan");
    expect(narrowed.rows.length).toBeGreaterThan(0);
    expect(narrowed.rows.every((r) => r.region === "北川市")).toBe(true);
    for (const [user, org] of [["city.union", "org-beichuan"], ["city.union", "org-region"], ["union.chief", "org-city"], ["platform.chief", "org-yuntu"], ["observer", "org-nanhu-hrss"], ["city.union", "no-such-org"]] as const) {
      const response = await get(server.url, `/api/ledger?org=${org}`, cookies[user]);
      expect(response.status, `${user} org=${org}`).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe("outside_scope");
      expect((await get(server.url, `/ledger.xlsx?org=${org}`, cookies[user])).status).toBe(403);
      expect((await get(server.url, `/ledger/report.pdf?period=week&on=2026-12-01&org=${org}`, cookies[user])).status).toBe(403);
    }
    expect((await get(server.url, "/api/ledger?org=%27%20OR%201%3D1", cookies["city.union"])).status).toBe(400);
  });
});

describe("rows, clocks, filters and totals (SPEC L-3, L-4, L-5)", () => {
  it("L-4: rows carry status, figures and dates, never clause text, comments or caucus notes", async () => {
    const comment = `评论-${randomUUID()}`;
    const note = `内部备注-${randomUUID()}`;
    const talk = (user: string, form: Record<string, string>) =>
      fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/discussion?_data=${encodeURIComponent("routes/negotiations.$id.discussion")}`, { method: "POST", headers: { Cookie: cookies[user]! }, body: new URLSearchParams(form) });
    expect((await talk("union.chief", { intent: "comment", clauseId: C.discussed, body: comment })).status).toBe(200);
    expect((await talk("union.chief", { intent: "note", clauseId: C.discussed, body: note })).status).toBe(200);
    const draft = (await (await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookies["union.chief"])).json()) as { clauses: { title: string; body: string }[] };
    for (const user of ["city.union", "region.union", "union.chief", "platform.chief", "observer"]) {
      const text = await (await get(server.url, "/api/ledger", cookies[user])).text();
      expect(text).not.toContain(comment);
      expect(text).not.toContain(note);
      // Every clause body is longer than any field a row holds; none of its text may appear.
      for (const clause of draft.clauses) expect(text).not.toContain(clause.body.slice(0, 24));
    }
    const row = (await ledger("city.union")).rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)!;
    expect(Object.keys(row).sort()).toEqual(
      ["clocks", "coverage", "dates", "enterpriseOrgId", "enterpriseOrgName", "higherUnionOrgId", "higherUnionOrgName", "industry", "inForce", "mode", "negotiationId", "overdue", "participant", "progress", "region", "scope", "status", "title", "unionOrgId", "unionOrgName"].sort(),
    );
    expect(row).toMatchObject({ scope: "sector", mode: "represent", unionOrgId: "org-sector", enterpriseOrgId: "org-platform", progress: { total: draft.clauses.length } });
  });

  it("L-4: progress counts clauses at 暂定一致 in SQL, and follows both chiefs' confirmation", async () => {
    const before = (await ledger("region.union")).rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)!.progress;
    const confirm = (user: string) =>
      fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/clauses/${C.confirmed}`, { method: "POST", headers: { Cookie: cookies[user]! }, body: new URLSearchParams({ intent: "confirm_ta" }) });
    expect((await confirm("union.chief")).status).toBe(200);
    expect((await ledger("region.union")).rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)!.progress).toEqual(before);
    expect((await confirm("platform.chief")).status).toBe(200);
    expect((await ledger("region.union")).rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)!.progress).toEqual({ agreed: before.agreed + 1, total: before.total });
  });

  it("L-4: a clause added or deleted through a real Yjs client changes the row's clause total", async () => {
    const total = async () => (await ledger("city.union")).rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)!.progress.total;
    const counted = async () => (await db().select({ n: negotiations.clauseCount }).from(negotiations).where(eq(negotiations.id, DEMO_NEGOTIATION)).limit(1))[0]!.n;
    const before = await total();
    const peer = connectPeer(server.url, DEMO_NEGOTIATION, cookies["union.rep"]);
    try {
      await synced(peer);
      const id = `c${randomUUID().slice(0, 8)}`;
      insertClause(peer.doc, { id, topic: "rest", title: "恶劣天气休息", body: `遇暴雨、高温红色预警时暂停派单-${randomUUID()}` }, C.neighbour);
      await waitFor(async () => (await counted()) === before + 1, 5_000, "clause count + 1");
      expect(await total()).toBe(before + 1);
      clausesMap(peer.doc).delete(id);
      await waitFor(async () => (await counted()) === before, 5_000, "clause count back");
      expect(await total()).toBe(before);
    } finally {
      peer.destroy();
    }
  });

  it("L-3: each row's clocks follow its dates: the answer, filing, publication and algorithm flags and the renewal window", async () => {
    const { rows, asOf } = await ledger("region.union");
    for (const row of rows) {
      for (const clock of row.clocks) {
        expect(clock.daysLeft).toBe(toDayNumber(clock.due) - toDayNumber(asOf));
        if (clock.kind !== "renewal") expect(clock.overdue).toBe(clock.daysLeft < 0);
      }
      expect(row.overdue.filter((k) => k !== "renewal").sort()).toEqual(row.clocks.filter((c) => c.overdue).map((c) => c.kind).sort());
      const answer = row.clocks.find((c) => c.kind === "answer");
      if (row.dates.answeredOn === null && row.dates.signedOn === null) expect(answer?.due).toBe(addDays(row.dates.proposedOn, 20));
      else expect(answer).toBeUndefined();
      if (row.dates.signedOn && !row.dates.filedOn) expect(row.clocks.find((c) => c.kind === "filing")?.due).toBe(addDays(row.dates.signedOn, 10));
      if (row.overdue.includes("renewal")) expect(toDayNumber(row.dates.expiresOn!) - toDayNumber(asOf)).toBeLessThanOrEqual(92);
    }
    const flagged = new Set(rows.flatMap((r) => r.overdue));
    for (const kind of ["answer", "filing", "publication", "renewal", "algorithm"]) expect(flagged, kind).toContain(kind);
  });

  it("L-5: filters by scope, mode, status, sub-organisation and overdue only; totals are of the filtered set", async () => {
    const all = await ledger("region.union");
    const sum = (l: Ledger) => ({
      negotiations: l.rows.length,
      inForce: l.rows.filter((r) => r.inForce).length,
      workersCovered: l.rows.filter((r) => r.inForce).reduce((s, r) => s + r.coverage.workers, 0),
      overdue: l.rows.reduce((s, r) => s + r.overdue.length, 0),
    });
    expect(all.totals).toEqual(sum(all));
    expect(all.totals.inForce).toBeGreaterThan(0);
    for (const [key, value] of [["scope", "enterprise"], ["mode", "participate"], ["status", "effective"]] as const) {
      const filtered = await ledger("region.union", `?${key}=${value}`);
      expect(filtered.rows.length).toBe(all.rows.filter((r) => r[key] === value).length);
      expect(filtered.rows.length).toBeGreaterThan(0);
      expect(filtered.totals).toEqual(sum(filtered));
    }
    const overdue = await ledger("region.union", "?overdue=1");
    expect(overdue.rows.map((r) => r.negotiationId)).toEqual(all.rows.filter((r) => r.overdue.length > 0).map((r) => r.negotiationId));
    expect(overdue.totals.overdue).toBe(all.totals.overdue);
    const combined = await ledger("region.union", "?org=org-nanhu&mode=represent&overdue=1");
    expect(combined.rows.every((r) => r.region === "南湖市" && r.mode === "represent" && r.overdue.length > 0)).toBe(true);
    // An empty value is "all" (the page's select), not an error.
    expect((await ledger("region.union", "?scope=&mode=&status=")).rows.length).toBe(all.rows.length);
  });

  it("L-5: sorting by workers, title and progress, both directions", async () => {
    const desc = (await ledger("region.union", "?sort=workers&dir=desc")).rows.map((r) => r.coverage.workers);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const asc = (await ledger("region.union", "?sort=workers")).rows.map((r) => r.coverage.workers);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const titles = (await ledger("region.union", "?sort=title")).rows.map((r) => r.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "zh-CN")));
    const progress = (await ledger("region.union", "?sort=progress&dir=desc")).rows.map((r) => r.progress.agreed / Math.max(1, r.progress.total));
    expect(progress).toEqual([...progress].sort((a, b) => b - a));
  });

  it("L-5: a bad filter, sort, date or an unknown or repeated parameter is 400 naming the field, Chinese first", async () => {
    const cases: [string, string][] = [
      ["?scope=national", "scope"],
      ["?mode=both", "mode"],
      ["?status=done", "status"],
      ["?overdue=yes", "overdue"],
      ["?sort=salary", "sort"],
      ["?dir=up", "dir"],
      ["?colour=red", "colour"],
      ["?scope=sector&scope=enterprise", "scope"],
    ];
    for (const [query, field] of cases) {
      for (const path of ["/api/ledger", "/ledger.xlsx"]) {
        const response = await get(server.url, `${path}${query}`, cookies["city.union"]);
        expect(response.status, `${path}${query}`).toBe(400);
        const body = (await response.json()) as { fields: Record<string, string>; message: string };
        expect(Object.keys(body.fields)).toContain(field);
        expect(body.fields[field]).toMatch(/^[\u4e00-\u9fff]/);
        expect(body.fields[field]).toMatch(/\(.*[a-z].*\)/);
      }
    }
    for (const [query, fields] of [
      ["", ["period", "on"]],
      ["?period=quarter&on=2026-12-01", ["period"]],
      ["?period=week&on=2026-02-30", ["on"]],
      ["?period=month&on=2026-2-3", ["on"]],
      ["?period=month&on=2026-12-01&overdue=1", ["overdue"]],
    ] as const) {
      for (const format of ["xlsx", "pdf"]) {
        const response = await get(server.url, `/ledger/report.${format}${query}`, cookies["region.union"]);
        expect(response.status, `${format}${query}`).toBe(400);
        expect(Object.keys(((await response.json()) as { fields: Record<string, string> }).fields).sort()).toEqual([...fields].sort());
      }
    }
  });
});

describe("coverage (SPEC L-6)", () => {
  const post = (user: string, form: Record<string, string>) =>
    fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/coverage?_data=${encodeURIComponent("routes/negotiations.$id.coverage")}`, { method: "POST", headers: { Cookie: cookies[user]! }, body: new URLSearchParams(form), redirect: "manual" });

  it("L-6: a chief records the coverage, audited with before and after; the ledger counts it; others are refused", async () => {
    expect((await post("union.rep", { enterprises: "3", workers: "100" })).status).toBe(403);
    expect((await post("observer", { enterprises: "3", workers: "100" })).status).toBe(403);
    expect((await post("outsider", { enterprises: "3", workers: "100" })).status).toBe(403);
    expect((await post("region.union", { enterprises: "3", workers: "100" })).status).toBe(403);
    const bad = await post("union.chief", { enterprises: "-1", workers: "12.5", algorithmConsultedOn: "2026-13-01" });
    expect(bad.status).toBe(400);
    const errors = ((await bad.json()) as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(["algorithmConsultedOn", "enterprises", "workers"]);
    expect(errors.enterprises).toMatch(/^覆盖企业数/);
    const future = await post("platform.chief", { enterprises: "1", workers: "1", algorithmConsultedOn: addDays(chinaToday(), 2) });
    expect(future.status).toBe(400);

    const workers = 1000 + Math.floor(Math.random() * 9000);
    expect((await post("union.chief", { enterprises: "17", workers: String(workers), algorithmConsultedOn: "" })).status).toBe(200);
    const row = (await ledger("city.union")).rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)!;
    expect(row.coverage).toEqual({ enterprises: 17, workers });
    expect((await post("city.union", { enterprises: "18", workers: String(workers + 1), algorithmConsultedOn: "2026-11-20" })).status).toBe(200);
    const entries = await db().select().from(auditLog).where(and(eq(auditLog.negotiationId, DEMO_NEGOTIATION), eq(auditLog.action, "coverage.updated")));
    expect(entries.length).toBe(2);
    expect(JSON.parse(entries[1].detail)).toMatchObject({ enterprises: 18, workers: workers + 1, algorithmConsultedOn: "2026-11-20", before: { enterprises: 17, workers } });
    const page = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/coverage`, cookies["union.legal"]);
    expect(page.status).toBe(200);
    expect((await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/coverage`, cookies.outsider)).status).toBe(403);
  });
});

describe("workbooks and the PDF (SPEC L-7, L-8, L-9)", () => {
  it("L-7: /ledger.xlsx holds the API's rows under Chinese headers, a frozen header, real dates and a totals row", async () => {
    const api = await ledger("region.union", "?overdue=1");
    const file = await bytes("/ledger.xlsx?overdue=1", "region.union");
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/spreadsheetml/);
    const [sheet] = await readXlsxFile(file.body);
    expect(sheet.sheet).toBe("台账");
    const [header, ...rest] = sheet.data;
    expect(header).toContain("协商名称");
    expect(header).toContain("覆盖职工数");
    expect(header).toContain("要约日期");
    const body = rest.slice(0, -1);
    const totals = rest.at(-1)!;
    expect(body.map((r) => r[header.indexOf("协商名称")])).toEqual(api.rows.map((r) => r.title));
    const proposed = body.map((r) => r[header.indexOf("要约日期")]);
    expect(proposed.every((d) => d instanceof Date)).toBe(true);
    expect((proposed as unknown as Date[]).map((d) => d.toISOString().slice(0, 10))).toEqual(api.rows.map((r) => r.dates.proposedOn));
    expect(totals[0]).toBe("合计");
    expect(totals[header.indexOf("覆盖职工数")]).toBe(api.totals.workersCovered);
    const zip = await JSZip.loadAsync(file.body);
    expect(await zip.file("xl/worksheets/sheet1.xml")!.async("string")).toMatch(/<pane[^>]*ySplit="1"[^>]*state="frozen"/);
  });

  it("L-7: a ledger of zero rows is still a valid workbook with its headers", async () => {
    const api = await ledger("union.rep", "?scope=regional&status=suspended");
    expect(api.rows).toEqual([]);
    const file = await bytes("/ledger.xlsx?scope=regional&status=suspended", "union.rep");
    expect(file.status).toBe(200);
    const [sheet] = await readXlsxFile(file.body);
    expect(sheet.data[0]).toContain("协商名称");
    expect(sheet.data.length).toBe(2); // the header and the totals row
    expect(sheet.data[1][0]).toBe("合计");
  });

  it("L-8, L-9: the monthly report: 汇总表 with totals, overdue items, the period's changes and coverage, matching the ledger", async () => {
    const today = chinaToday();
    const month = periodContaining("month", today);
    const api = await ledger("region.union");
    const file = await bytes(`/ledger/report.xlsx?period=month&on=${today}`, "region.union");
    expect(file.status).toBe(200);
    const sheets = await readXlsxFile(file.body);
    expect(sheets.map((s) => s.sheet)).toEqual(["汇总表", "逾期事项", "本期变化", "概况"]);
    const [summaryHeader, ...summaryRows] = sheets[0].data;
    expect(summaryHeader.slice(0, 3)).toEqual(["序号", "协商名称", "地区"]);
    expect(summaryRows.slice(0, -1).map((r) => r[1]).sort()).toEqual(api.rows.map((r) => r.title).sort());
    expect(summaryRows.at(-1)![0]).toBe("合计");
    const [, ...overdueRows] = sheets[1].data;
    expect(overdueRows.length).toBe(api.totals.overdue);
    const overview = new Map(sheets[3].data.slice(1).map((r) => [r[0], r]));
    const startedThisMonth = api.rows.filter((r) => r.dates.proposedOn >= month.from && r.dates.proposedOn <= month.to).length;
    expect(overview.get("本期新发起要约")![2]).toBe(startedThisMonth);
    expect(overview.get("覆盖职工(人)")![2]).toBe(api.totals.workersCovered);
    expect(overview.get("生效集体合同(份)")![2]).toBe(api.totals.inForce);
    const changes = sheets[2].data.slice(1);
    expect(changes.filter((r) => r[0] === "新发起要约").length).toBe(startedThisMonth);
  });

  it("L-8: a past period's report is reproducible: later events do not change it", async () => {
    const lastMonth = addDays(periodContaining("month", chinaToday()).from, -1);
    const read = async () => (await readXlsxFile((await bytes(`/ledger/report.xlsx?period=month&on=${lastMonth}`, "region.union")).body)).map((s) => s.data);
    const before = await read();
    // Something happens today: the demo negotiation's 要约 is answered and its coverage changes.
    expect((await fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/answer`, { method: "POST", headers: { Cookie: cookies["platform.chief"]! } })).status).toBe(200);
    expect((await fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/coverage`, { method: "POST", headers: { Cookie: cookies["union.chief"]! }, body: new URLSearchParams({ enterprises: "40", workers: "99999" }) })).status).toBe(200);
    expect(await read()).toEqual(before);
    // …while the current period sees it.
    const now = await readXlsxFile((await bytes(`/ledger/report.xlsx?period=week&on=${chinaToday()}`, "region.union")).body);
    expect(now.find((s) => s.sheet === "本期变化")!.data.some((r) => r[0] === "回应要约" && r[1] === "青城市网络餐饮配送行业集体合同")).toBe(true);
  });

  it("L-9: the report PDF embeds Noto Serif SC and reads back as Chinese text with the overdue items", async () => {
    const today = chinaToday();
    const file = await bytes(`/ledger/report.pdf?period=month&on=${today}`, "city.union");
    expect(file.status).toBe(200);
    expect(file.type).toBe("application/pdf");
    const path = join(workDir, "report.pdf");
    writeFileSync(path, file.body);
    const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(text).toContain("青城市总工会集体协商月调度报告");
    expect(text).toContain("逾期及提示事项");
    const api = await ledger("city.union");
    for (const row of api.rows.filter((r) => r.overdue.length > 0)) expect(text).toContain(row.title.replace(/\s+/g, ""));
    expect(execFileSync("pdffonts", [path], { encoding: "utf8" })).toMatch(/NotoSerifSC.*yes/);
  });
});
