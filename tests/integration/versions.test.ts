import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { auditLog, negotiations } from "~/db/schema";
import v1 from "~/db/seed-data/agreement-v1.json";
import v2 from "~/db/seed-data/agreement-v2.json";
import { agreementContentSchema, type AgreementContent } from "~/shared/agreement";
import { canonicalAgreement } from "~/shared/canonical";
import { orderedClauses } from "~/shared/collab/docShape";
import { liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

/** Issue 4 (versions and comparison) against the real server, real sessions and real y-websocket clients. */

let server: TestServer;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];
const base = `/negotiations/${DEMO_NEGOTIATION}`;

interface VersionJson {
  id: string;
  label: string;
  createdAt: string;
  side: string;
  contentHash: string;
  author: string | null;
  kind: string;
  seq: number;
  note: string;
  changedClauses: number | null;
}
interface ComparisonJson {
  from: string;
  to: string;
  fromLabel: string;
  toLabel: string;
  clauses: { id: string; changes: string[]; parts: { body: { kind: string; text: string }[] } }[];
  figures: { clauseId: string; before: string | null; after: string | null }[];
  summary: { topic: string; changedClauses: number; figures: number }[];
}

const sha256 = (content: AgreementContent) => createHash("sha256").update(canonicalAgreement(content), "utf8").digest("hex");

function peer(user: string): TestPeer {
  const p = connectPeer(server.url, DEMO_NEGOTIATION, cookies[user]);
  peers.push(p);
  return p;
}

function bodyOf(doc: Y.Doc, id: string): string | undefined {
  return orderedClauses(doc).find((c) => c.id === id)?.body.toString();
}

async function versions(user = "union.legal"): Promise<VersionJson[]> {
  const response = await get(server.url, `/api/negotiations/${DEMO_NEGOTIATION}/versions`, cookies[user]);
  expect(response.status).toBe(200);
  return (await response.json()) as VersionJson[];
}

async function getJson<T>(path: string, user = "union.legal"): Promise<T> {
  const response = await get(server.url, path, cookies[user]);
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

function post(path: string, form: Record<string, string>, user: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", body: new URLSearchParams(form), headers: { Cookie: cookies[user]! }, redirect: "manual" });
}

/**
 * What the two seeded versions differ in, read from their texts (not the demo's clause ids): the
 * clause only the newer has, the one only the older has, one retitled, the first one moved ahead
 * of a clause it used to follow, one unchanged, and the one whose price the older text puts at 5.5元.
 */
const C = {} as Record<"added" | "deleted" | "retitled" | "moved" | "unchanged" | "priced" | "edited", string>;

async function readVersionDifferences(): Promise<void> {
  const [first, second] = await versions();
  const older = (await getJson<AgreementContent>(`${base}/versions/${first!.id}/export.json`)).clauses;
  const newer = (await getJson<AgreementContent>(`${base}/versions/${second!.id}/export.json`)).clauses;
  const inOlder = new Map(older.map((c) => [c.id, c]));
  const inNewer = new Set(newer.map((c) => c.id));
  const common = newer.filter((c) => inOlder.has(c.id)).map((c) => c.id);
  const olderIndex = (id: string) => older.findIndex((c) => c.id === id);
  C.added = newer.find((c) => !inOlder.has(c.id))!.id;
  C.deleted = older.find((c) => !inNewer.has(c.id))!.id;
  C.retitled = newer.find((c) => inOlder.has(c.id) && inOlder.get(c.id)!.title !== c.title)!.id;
  C.moved = common.find((id, i) => common.slice(i + 1).some((later) => olderIndex(later) < olderIndex(id)))!;
  C.unchanged = newer.find((c) => JSON.stringify(inOlder.get(c.id)) === JSON.stringify(c))!.id;
  C.priced = older.find((c) => c.body.includes("5.5元") && inNewer.has(c.id))!.id;
  // A clause the live-draft comparison edits: any clause of the live draft.
  C.edited = (await liveClauses(server))[4]!.id;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.chief", "union.rep", "union.legal", "platform.chief", "platform.rep", "observer", "outsider"]) cookies[user] = await login(server.url, user);
  await readVersionDifferences();
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  await server?.stop();
});

describe("GET /api/negotiations/:id/versions (contract)", () => {
  it("V-2: lists the two seeded versions oldest first, with hashes over the documented canonical form", async () => {
    const list = await versions();
    expect(list.map((v) => v.label)).toEqual(["工会方首轮提案", "平台方回应稿"]);
    expect(list.map((v) => v.side)).toEqual(["union", "enterprise"]);
    expect(list.map((v) => v.seq)).toEqual([1, 2]);
    expect(list[0]!.contentHash).toBe(sha256(agreementContentSchema.parse(v1)));
    expect(list[1]!.contentHash).toBe(sha256(agreementContentSchema.parse(v2)));
    expect(list[0]!.createdAt).toBe("2026-11-12T02:00:00.000Z");
    expect(list[1]!.author).toBe("刘人事");
    expect(list[0]!.changedClauses).toBeNull();
    expect(list[1]!.changedClauses).toBe(17); // 14 clauses with text changes (one also retitled), one added, one moved, one deleted
  });

  it("answers 401 signed out, 403 to an outsider, 404 for an unknown negotiation", async () => {
    expect((await get(server.url, `/api/negotiations/${DEMO_NEGOTIATION}/versions`)).status).toBe(401);
    expect((await get(server.url, `/api/negotiations/${DEMO_NEGOTIATION}/versions`, cookies.outsider)).status).toBe(403);
    expect((await get(server.url, `/api/negotiations/no-such-negotiation/versions`, cookies["union.legal"])).status).toBe(404);
  });

  it("exports each version as JSON whose canonical hash is the listed one", async () => {
    for (const version of await versions()) {
      const exported = await getJson<AgreementContent & { label: string; contentHash: string }>(`${base}/versions/${version.id}/export.json`);
      expect(exported.label).toBe(version.label);
      expect(exported.contentHash).toBe(version.contentHash);
      expect(sha256(exported)).toBe(version.contentHash);
    }
    expect((await get(server.url, `${base}/versions/v_nosuchversion/export.json`, cookies["union.legal"])).status).toBe(404);
    const [first] = await versions();
    expect((await get(server.url, `${base}/versions/${first!.id}/export.json`, cookies.outsider)).status).toBe(403);
  });
});

describe("GET /negotiations/:id/compare.json (contract)", () => {
  it("v1 → v2: a clause added, one moved, one deleted, one retitled, 5.5元 → 5元 in the priced one", async () => {
    const [first, second] = await versions();
    const comparison = await getJson<ComparisonJson>(`${base}/compare.json?from=${first!.id}&to=${second!.id}`);
    expect(comparison.from).toBe(first!.id);
    expect(comparison.to).toBe(second!.id);
    expect(comparison.fromLabel).toBe("工会方首轮提案");
    expect(comparison.toLabel).toBe("平台方回应稿");
    const changes = new Map(comparison.clauses.map((c) => [c.id, c.changes]));
    expect(changes.get(C.added)).toContain("added");
    expect(changes.get(C.moved)).toContain("moved");
    expect(changes.get(C.deleted)).toContain("deleted");
    expect(changes.get(C.retitled)).toContain("retitled");
    expect(changes.get(C.unchanged)).toEqual([]);
    expect(comparison.figures).toContainEqual(expect.objectContaining({ clauseId: C.priced, before: "5.5元", after: "5元" }));
    expect(comparison.summary.find((s) => s.topic === "pay_method")!.changedClauses).toBeGreaterThan(0);
  });

  it("refuses a bad query with 400 and an unknown version with 404, each with a bilingual message", async () => {
    const [first] = await versions();
    const missing = await get(server.url, `${base}/compare.json?from=${first!.id}`, cookies["union.legal"]);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/to.*缺少.*required/);
    expect((await get(server.url, `${base}/compare.json?from=a%20b&to=live`, cookies["union.legal"])).status).toBe(400);
    const unknown = await get(server.url, `${base}/compare.json?from=v_nosuch&to=live`, cookies["union.legal"]);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toContain("v_nosuch");
    expect((await get(server.url, `${base}/compare.json?from=live&to=live`)).status).toBe(401);
    expect((await get(server.url, `${base}/compare.json?from=live&to=live`, cookies.outsider)).status).toBe(403);
  });

  it("v2 → live shows an edit a real Yjs client just made", async () => {
    const editor = peer("union.rep");
    await synced(editor);
    const body = orderedClauses(editor.doc).find((c) => c.id === C.edited)!.body;
    body.insert(body.length, "（经双方协商一致的除外）");
    const [, second] = await versions();
    await waitFor(() => true);
    let comparison: ComparisonJson | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      comparison = await getJson<ComparisonJson>(`${base}/compare.json?from=${second!.id}&to=live`);
      if (comparison.clauses.find((c) => c.id === C.edited)!.changes.includes("text")) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const edited = comparison!.clauses.find((c) => c.id === C.edited)!;
    expect(edited.changes).toEqual(["text"]);
    expect(edited.parts.body.filter((p) => p.kind === "insert").map((p) => p.text).join("")).toContain("经双方协商一致的除外");
    expect(comparison!.clauses.filter((c) => c.changes.length > 0).map((c) => c.id)).toEqual([C.edited]);
    editor.destroy();
  });
});

describe("saving and restoring versions (versions page actions)", () => {
  it("an editor saves the live draft: it appears last, by their side, immutable (hash of its content)", async () => {
    const live = await getJson<AgreementContent>(`${base}/export.json`, "union.rep");
    const response = await post(`${base}/versions`, { intent: "save", label: "工会方第二轮意见", note: "补充第五条" }, "union.rep");
    expect(response.status).toBe(200);
    const list = await versions();
    const saved = list.at(-1)!;
    expect(saved).toMatchObject({ label: "工会方第二轮意见", note: "补充第五条", side: "union", author: "李骑手", kind: "manual", seq: 3, changedClauses: 1 });
    expect(saved.contentHash).toBe(sha256(live));
    const exported = await getJson<AgreementContent & { contentHash: string }>(`${base}/versions/${saved.id}/export.json`);
    expect(sha256(exported)).toBe(saved.contentHash);
    expect(exported.clauses).toEqual(live.clauses);
  });

  it("refuses an empty label with 400 and a Chinese field error", async () => {
    const response = await post(`${base}/versions`, { intent: "save", label: "  " }, "union.rep");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("请填写版本名称");
  });

  it("an observer may neither save nor restore (403), nor may a legal adviser save; an outsider sees nothing (403)", async () => {
    const [first] = await versions();
    expect((await post(`${base}/versions`, { intent: "save", label: "观察员版本" }, "observer")).status).toBe(403);
    expect((await post(`${base}/versions`, { intent: "restore", versionId: first!.id }, "observer")).status).toBe(403);
    expect((await post(`${base}/versions`, { intent: "save", label: "顾问版本" }, "union.legal")).status).toBe(403);
    expect((await post(`${base}/versions`, { intent: "save", label: "外人版本" }, "outsider")).status).toBe(403);
    expect((await get(server.url, `${base}/versions`, cookies.outsider)).status).toBe(403);
    expect((await versions()).length).toBe(3);
  });

  it("C-9: restore brings the live draft back to v1: a connected client sees it at once, export.json equals the version, audited", async () => {
    const watcher = peer("platform.rep");
    await synced(watcher);
    expect(bodyOf(watcher.doc, C.priced)).toContain("不低于5元");
    const [first] = await versions();
    const response = await post(`${base}/versions`, { intent: "restore", versionId: first!.id }, "union.chief");
    expect(response.status).toBe(200);
    await waitFor(() => bodyOf(watcher.doc, C.priced)?.includes("5.5元") ?? false, 5_000, "the restored text at the connected client");
    expect(bodyOf(watcher.doc, C.added)).toBeUndefined();
    const live = await getJson<AgreementContent>(`${base}/export.json`);
    const version = await getJson<AgreementContent & { label: string; contentHash: string }>(`${base}/versions/${first!.id}/export.json`);
    expect(live).toEqual({ title: version.title, clauses: version.clauses });
    expect(sha256(live)).toBe(first!.contentHash);
    const audit = await server.context.driver.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.negotiationId, DEMO_NEGOTIATION), eq(auditLog.action, "version.restored")));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ versionId: first!.id });
    // A restore is itself an ordinary change: it may be compared against like any other.
    const comparison = await getJson<ComparisonJson>(`${base}/compare.json?from=${first!.id}&to=live`);
    expect(comparison.clauses.every((c) => c.changes.length === 0)).toBe(true);
  });

  it("a restore can be undone: the draft before it was kept as a version, and restoring that brings it back", async () => {
    const watcher = peer("platform.rep");
    await synced(watcher);
    expect(bodyOf(watcher.doc, C.priced)).toContain("5.5元");
    const before = (await versions()).filter((v) => v.label === "恢复前的实时草稿");
    expect(before).toHaveLength(1);
    expect((await post(`${base}/versions`, { intent: "restore", versionId: before[0]!.id }, "union.chief")).status).toBe(200);
    await waitFor(() => bodyOf(watcher.doc, C.priced)?.includes("不低于5元") ?? false, 5_000, "the text from before the restore");
    expect(sha256(await getJson<AgreementContent>(`${base}/export.json`))).toBe(before[0]!.contentHash);
  });
});

describe("GET /negotiations/:id/compare.docx (contract: real tracked changes)", () => {
  it("is a Word document with w:ins and w:del by the person and side who saved the newer version, audited", async () => {
    const [first, second] = await versions();
    const response = await get(server.url, `${base}/compare.docx?from=${first!.id}&to=${second!.id}`, cookies["union.legal"]);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("wordprocessingml");
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent("青城市网络餐饮配送行业集体合同-比较-工会方首轮提案-平台方回应稿.docx")}`);
    expect(disposition).toMatch(/filename="tongshang-compare-[^"]+\.docx"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const xml = await (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
    expect(xml).toMatch(/<w:ins [^>]*w:author="刘人事（企业方）"/);
    expect(xml).toMatch(/<w:del [^>]*w:author="刘人事（企业方）"/);
    expect(xml).toContain('w:date="2026-11-19T02:00:00');
    expect(xml).toContain("<w:delText");
    const exported = await server.context.driver.db.select().from(auditLog).where(eq(auditLog.action, "export.compare_docx"));
    expect(exported.length).toBeGreaterThan(0);
  });

  it("version DOCX and PDF exports download with a Content-Disposition", async () => {
    const [, second] = await versions();
    const docx = await get(server.url, `${base}/versions/${second!.id}/export.docx`, cookies["union.legal"]);
    expect(docx.status).toBe(200);
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe("PK");
    expect(docx.headers.get("content-disposition")).toContain(encodeURIComponent("平台方回应稿"));
    const pdf = await get(server.url, `${base}/versions/${second!.id}/export.pdf`, cookies["union.legal"]);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
  });
});

describe("pages", () => {
  it("the versions, compare and clause-history pages render for a reader", async () => {
    const [first, second] = await versions();
    const page = await get(server.url, `${base}/versions`, cookies["union.legal"]);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("工会方首轮提案");
    expect(html).not.toContain('data-testid="save-version"'); // a legal adviser may not save
    const compare = await get(server.url, `${base}/compare?from=${first!.id}&to=${second!.id}`, cookies["union.legal"]);
    expect(compare.status).toBe(200);
    expect(await compare.text()).toContain("<del");
    const all = await versions();
    const redirect = await get(server.url, `${base}/compare`, cookies["union.legal"]);
    expect(redirect.status).toBe(302); // the last two versions
    expect(redirect.headers.get("location")).toBe(`${base}/compare?from=${all.at(-2)!.id}&to=${all.at(-1)!.id}`);
    const history = await get(server.url, `${base}/clauses/${C.priced}/history`, cookies["union.legal"]);
    expect(history.status).toBe(200);
    expect(await history.text()).toContain("5.5元");
    expect((await get(server.url, `${base}/clauses/c99/history`, cookies["union.legal"])).status).toBe(404);
  });
});

describe("a signed (locked) agreement", () => {
  it("refuses restore and save with 403, even to its chief, and leaves the draft as it was", async () => {
    const before = await getJson<AgreementContent>(`${base}/export.json`);
    const [, second] = await versions();
    await server.context.driver.write(async (tx) => { await tx.update(negotiations).set({ lockedAt: Date.now() }).where(eq(negotiations.id, DEMO_NEGOTIATION)); });
    try {
      expect((await post(`${base}/versions`, { intent: "restore", versionId: second!.id }, "union.chief")).status).toBe(403);
      expect((await post(`${base}/versions`, { intent: "save", label: "签署后" }, "union.chief")).status).toBe(403);
      expect(await getJson<AgreementContent>(`${base}/export.json`)).toEqual(before);
      // Reading and comparing stay open.
      expect((await get(server.url, `${base}/compare.json?from=${second!.id}&to=live`, cookies["union.chief"])).status).toBe(200);
    } finally {
      await server.context.driver.write(async (tx) => { await tx.update(negotiations).set({ lockedAt: null }).where(eq(negotiations.id, DEMO_NEGOTIATION)); });
    }
  });
});
