/**
 * Issue 7: the agreement's DOCX / PDF / Markdown exports and the filing package (报送审查材料),
 * against the real server: the draft before signing, the signed version after, the filing ZIP,
 * the guards, the audit log, and caucus notes (内部备注) absent from every byte any user downloads.
 * PDFs are read with Debian's poppler-utils, DOCX and ZIP with jszip.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNegotiation } from "~/db/queries/negotiations";
import { auditLog, caucusNotes, delegations, meetings, users } from "~/db/schema";
import { confirmTentativeAgreement } from "~/server/commands/tentativeAgreementConfirmer";
import { DRAFT_HEADER } from "~/server/export/agreementLayout";
import { FILING_FILES } from "~/server/export/filingPackage";
import { signatureRecordFacts } from "~/db/queries/signatureRecord";
import { presentSignatureRecord } from "~/server/presenters/signatureRecord";
import type { AgreementContent } from "~/shared/agreement";
import { numberAgreement } from "~/shared/numbering";
import { chinaToday } from "~/shared/rules/deadlines";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, DEMO_PASSWORD, get, login, startTestServer, type TestServer } from "../setup/server";

const N = DEMO_NEGOTIATION;
const BASE = `/negotiations/${N}`;
const UNION_SECRET = "工会底线-CAUCUS-U-7f3a9";
const ENTERPRISE_SECRET = "企业底价-CAUCUS-E-2b8c1";
const CONFIRMED_MINUTES = "双方就配送单价达成一致-MINUTES-OK-41d";
const UNCONFIRMED_MINUTES = "未确认纪要-MINUTES-DRAFT-93e";

let server: TestServer;
const cookies: Record<string, string> = {};
const workDir = mkdtempSync(join(tmpdir(), "tongshang-exports-"));
let fileCounter = 0;

const db = () => server.context.driver.db;
const driver = () => server.context.driver;
const userId = async (username: string) => (await db().select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]!.id;
const squash = (text: string) => text.replace(/\s+/gu, "");

function post(path: string, user: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookies[user]! }, body: new URLSearchParams(form), redirect: "manual" });
}

async function download(path: string, user: string): Promise<{ response: Response; bytes: Buffer }> {
  const response = await get(server.url, path, cookies[user]);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function pdfText(pdf: Buffer): string {
  const path = join(workDir, `file-${++fileCounter}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", path, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** The text a reader sees in a PDF: page furniture (— n —, the draft header) dropped, whitespace removed. */
function pdfBodyText(pdf: Buffer): string {
  return squash(
    pdfText(pdf)
      .split("\n")
      .filter((line) => !/^\s*—\s*\d+\s*—\s*$/.test(line) && line.trim() !== DRAFT_HEADER)
      .join("\n"),
  );
}

function pdfFonts(pdf: Buffer): string {
  const path = join(workDir, `file-${++fileCounter}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync("pdffonts", [path], { encoding: "utf8" });
}

const decodeXml = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

/** word/document.xml and the text of its runs (w:t), in order. */
async function docxText(docx: Buffer): Promise<{ xml: string; text: string }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file("word/document.xml")!.async("string");
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1]!)).join("");
  return { xml, text };
}

/** Every character a user can get out of an exported file: all XML parts of a DOCX, the text of a PDF, every entry of a ZIP. */
async function everyText(bytes: Buffer, name: string): Promise<string> {
  if (name.endsWith(".pdf")) return `${bytes.toString("latin1")}\n${pdfText(bytes)}`;
  if (name.endsWith(".docx") || name.endsWith(".zip")) {
    const zip = await JSZip.loadAsync(bytes);
    const parts: string[] = [];
    for (const entry of Object.values(zip.files)) {
      if (entry.dir) continue;
      parts.push(await everyText(await entry.async("nodebuffer"), entry.name));
    }
    return parts.join("\n");
  }
  return bytes.toString("utf8");
}

/** Downloads every path as every participant and looks for the caucus notes in everything a reader can extract. */
async function expectNoCaucusNote(paths: readonly string[]) {
  for (const user of ["union.chief", "union.rep", "union.legal", "platform.chief", "platform.rep", "observer", "city.union"]) {
    for (const path of paths) {
      const { response, bytes } = await download(`${BASE}/${path}`, user);
      expect(response.status, `${user} ${path}`).toBe(200);
      const text = await everyText(bytes, path);
      expect(text.length).toBeGreaterThan(0);
      for (const secret of [UNION_SECRET, ENTERPRISE_SECRET, "CAUCUS-"]) expect(text.includes(secret), `${user} ${path} ${secret}`).toBe(false);
    }
  }
}

async function liveContent(): Promise<AgreementContent> {
  return server.context.collab.readAgreement(N);
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.chief", "union.rep", "union.legal", "city.union", "platform.chief", "platform.rep", "observer", "outsider"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe("caucus notes are written first, so every export below is checked against them", () => {
  it("each side writes a private note through the discussion action", async () => {
    const discussion = `${BASE}/discussion?_data=${encodeURIComponent("routes/negotiations.$id.discussion")}`;
    const noted = (await liveClauses(server))[0]!.id; // a note on any clause of the draft
    expect((await post(discussion, "union.rep", { intent: "note", clauseId: noted, body: UNION_SECRET })).status).toBe(200);
    expect((await post(discussion, "platform.rep", { intent: "note", body: ENTERPRISE_SECRET })).status).toBe(200);
    expect((await db().select().from(caucusNotes).where(eq(caucusNotes.negotiationId, N))).map((n) => n.body)).toEqual(expect.arrayContaining([UNION_SECRET, ENTERPRISE_SECRET]));
  });
});

describe("E-2, E-3 guards", () => {
  it("401 signed out, 403 for an outsider, 404 for an unknown negotiation, on every export route", async () => {
    for (const path of ["export.docx", "export.pdf", "export.md", "filing.zip"]) {
      expect((await get(server.url, `${BASE}/${path}`)).status).toBe(401);
      expect((await get(server.url, `${BASE}/${path}`, cookies.outsider)).status).toBe(403);
      expect((await get(server.url, `/negotiations/no-such-negotiation/${path}`, cookies["union.legal"])).status).toBe(404);
    }
    expect((await get(server.url, `${BASE}/export`, cookies.outsider)).status).toBe(403);
  });

  it("filing.zip answers 409 with a reason before signing, in Chinese or English as the language switch says", async () => {
    const response = await get(server.url, `${BASE}/filing.zip`, cookies["union.legal"]);
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("not_signed");
    expect(body.message).toContain("尚未签署");
    const english = await get(server.url, `${BASE}/filing.zip`, `${cookies["union.legal"]}; ts_lang=en`);
    expect(english.status).toBe(409);
    const en = (await english.json()) as { error: string; message: string };
    expect(en.error).toBe("not_signed");
    expect(en.message).toContain("not signed");
  });

  it("the export page offers the draft files and says the filing package waits for signing", async () => {
    const page = await get(server.url, `${BASE}/export`, cookies.observer);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const path of ["export.docx", "export.pdf", "export.md", "export.json"]) expect(html).toContain(`href="${BASE}/${path}"`);
    expect(html).not.toContain(`href="${BASE}/filing.zip"`);
    expect(html).toContain('data-testid="exports-filing-locked"');
  });
});

describe("E-1, E-5 the draft (before signing)", () => {
  it("DOCX: watermarked 草案, every clause's text, numbered 第一条… in document order, named 草案 with an ASCII fallback", async () => {
    const { response, bytes } = await download(`${BASE}/export.docx`, "union.legal");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("wordprocessingml");
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="tongshang-agreement-draft-\d{4}-\d{2}-\d{2}\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(`青城市网络餐饮配送行业集体合同-草案-${chinaToday()}.docx`);

    const content = await liveContent();
    const { xml, text } = await docxText(bytes);
    expect(text).toContain("（草案）");
    const flat = squash(text);
    for (const clause of content.clauses) {
      expect(flat, clause.id).toContain(squash(clause.title));
      expect(flat, clause.id).toContain(squash(clause.body));
    }
    const labels = numberAgreement(content.clauses).map((n) => n.articleLabel);
    expect(labels[0]).toBe("第一条");
    let at = -1;
    for (const label of labels) {
      const next = text.indexOf(label, at + 1);
      expect(next, label).toBeGreaterThan(at);
      at = next;
    }
    expect(xml).toMatch(/w:eastAsia="[^"]+"/);
  });

  it("PDF: every clause body as pdftotext extracts it, an embedded CJK font", async () => {
    const { response, bytes } = await download(`${BASE}/export.pdf`, "union.legal");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(squash(pdfText(bytes))).toContain(squash(DRAFT_HEADER));
    const text = pdfBodyText(bytes);
    for (const clause of (await liveContent()).clauses) expect(text, clause.id).toContain(squash(clause.body));
    const fonts = pdfFonts(bytes)
      .split("\n")
      .slice(2)
      .filter((line) => line.trim() !== "");
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line, line).toMatch(/\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/); // emb yes, sub yes
  });

  it("Markdown: the draft's text, marked 草案", async () => {
    const { response, bytes } = await download(`${BASE}/export.md`, "observer");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/markdown");
    const md = bytes.toString("utf8");
    expect(md).toContain("草案");
    expect(md).toContain("第一条");
  });

  it("no draft export any participant can download holds either side's caucus note", async () => {
    await expectNoCaucusNote(["export.docx", "export.pdf", "export.md", "export.json"]);
  });
});

let signedHash = "";

describe("driving the demo to a signed agreement", () => {
  it("meetings (one confirmed by both chiefs, one not), a scanned 委托书, every clause at 暂定一致, a valid vote, both signatures", async () => {
    // A scan on the demo delegation: any real PDF will do, so take the draft's.
    const scan = (await download(`${BASE}/export.pdf`, "union.chief")).bytes;
    await driver().write(async (tx) => { await tx.update(delegations).set({ scan, scanMime: "application/pdf" }).where(eq(delegations.id, "dlg-qc-2026-001")); });
    const now = Date.now();
    const chief = await userId("union.chief");
    const enterpriseChief = await userId("platform.chief");
    const meeting = { negotiationId: N, place: "青城市总工会三楼会议室", chairUserId: chief, minuteTaker: "王记录", attendees: [chief, enterpriseChief], agenda: ["配送单价"], outcomes: ["单价一致"], recordedBy: chief, createdAt: now, updatedAt: now };
    await driver().write(async (tx) => { await tx.insert(meetings).values({ ...meeting, id: "mtg-exports-1", heldOn: "2026-11-15", minutes: CONFIRMED_MINUTES, unionConfirmedBy: chief, unionConfirmedAt: now, enterpriseConfirmedBy: enterpriseChief, enterpriseConfirmedAt: now }); });
    await driver().write(async (tx) => { await tx.insert(meetings).values({ ...meeting, id: "mtg-exports-2", heldOn: "2026-11-18", minutes: UNCONFIRMED_MINUTES, unionConfirmedBy: chief, unionConfirmedAt: now }); });

    const content = await liveContent();
    for (const clause of content.clauses) {
      for (const [username, side] of [["union.chief", "union"], ["platform.chief", "enterprise"]] as const) {
        const outcome = await confirmTentativeAgreement(server.context, { negotiation: (await findNegotiation(db(), N))!, userId: await userId(username), membership: { side, role: "chief" } }, { clauseId: clause.id });
        expect(outcome.ok).toBe(true);
      }
    }
    const sign = `${BASE}/sign`;
    const vote = await post(sign, "union.chief", { intent: "ratify", body: "congress", total: "90", attended: "60", approved: "46", against: "10", abstained: "4", heldOn: chinaToday(), resolutionNo: "QC-ZDH-2026-02", versionId: "live" });
    expect(vote.status).toBe(200);
    expect((await post(sign, "platform.chief", { intent: "sign", password: DEMO_PASSWORD })).status).toBe(200);
    expect((await post(sign, "city.union", { intent: "sign", password: DEMO_PASSWORD })).status).toBe(200);
    expect((await findNegotiation(db(), N))!.lockedAt).not.toBeNull();
    signedHash = presentSignatureRecord(await signatureRecordFacts(db(), N)).contentHash!;
    expect(signedHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("E-1, E-3 the signed agreement", () => {
  it("DOCX: the signed text, no 草案, the delegate's signature block with QC-2026-001, the signed version's hash", async () => {
    const { response, bytes } = await download(`${BASE}/export.docx`, "union.legal");
    expect(response.status).toBe(200);
    expect(decodeURIComponent(response.headers.get("content-disposition")!.split("''")[1]!)).toBe(`青城市网络餐饮配送行业集体合同-已签署-${chinaToday()}.docx`);
    const { text } = await docxText(bytes);
    // 草案 appears only in the ratification verdict's own words (草案获得通过): no draft mark, no draft header.
    expect(text).not.toContain("（草案）");
    expect(squash(text)).not.toContain(squash(DRAFT_HEADER));
    expect(text).toContain("青城市总工会");
    expect(text).toContain("QC-2026-001");
    expect(text).toContain(signedHash);
    expect(text).toContain("QC-ZDH-2026-02");
    const flat = squash(text);
    for (const clause of (await liveContent()).clauses) expect(flat, clause.id).toContain(squash(clause.body));
  });

  it("PDF likewise", async () => {
    const { response, bytes } = await download(`${BASE}/export.pdf`, "platform.chief");
    expect(response.status).toBe(200);
    expect(squash(pdfText(bytes))).not.toContain(squash(DRAFT_HEADER));
    const text = pdfBodyText(bytes);
    expect(text).not.toContain("（草案）");
    expect(text).toContain("青城市总工会");
    expect(text).toContain("QC-2026-001");
    expect(text).toContain(signedHash);
  });

  it("filing.zip: named in Chinese, lists the expected files, each opens; only confirmed minutes; the scan named by its letter number", async () => {
    const { response, bytes } = await download(`${BASE}/filing.zip`, "platform.chief");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const disposition = response.headers.get("content-disposition")!;
    expect(disposition).toContain(`filename="tongshang-filing-${chinaToday()}.zip"`);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(`青城市网络餐饮配送行业集体合同-报送审查材料-${chinaToday()}.zip`);

    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).sort();
    const scanName = "05-委托书扫描件-QC-2026-001.pdf";
    expect(names).toEqual([...Object.values(FILING_FILES), scanName].sort());
    for (const name of names) {
      const data = await zip.file(name)!.async("nodebuffer");
      if (name.endsWith(".pdf")) {
        expect(data.subarray(0, 5).toString(), name).toBe("%PDF-");
        expect(pdfText(data).trim().length, name).toBeGreaterThan(0);
      } else if (name.endsWith(".docx")) {
        expect((await docxText(data)).text, name).toContain(signedHash);
      } else {
        const text = data.toString("utf8");
        expect(text.startsWith("\ufeff"), name).toBe(true);
        expect(text.replace("\ufeff", "").trim().length, name).toBeGreaterThan(0);
      }
    }
    const read = (name: string) => zip.file(name)!.async("string");
    expect(await read(FILING_FILES.minutes)).toContain(CONFIRMED_MINUTES);
    expect(await read(FILING_FILES.minutes)).not.toContain(UNCONFIRMED_MINUTES);
    const process = await read(FILING_FILES.processNote);
    expect(process).toContain("要约日期：2026年11月10日");
    expect(process).toContain("共举行协商会议 2 次，其中 1 次会议纪要经双方首席代表确认");
    expect(process).toMatch(/签署文本共 (\d+) 条，其中 \1 条经双方首席代表确认暂定一致/);
    expect(process).toContain("报送期限");
    expect(await read(FILING_FILES.ratification)).toContain("QC-ZDH-2026-02");
    const reps = await read(FILING_FILES.representatives);
    expect(reps).toContain("委托书编号：QC-2026-001");
    expect(reps).toContain(`扫描件：${scanName}`);
    expect(reps).toContain("本协议据此签署");
    expect(await read(FILING_FILES.signatureRecord)).toContain(signedHash);
    expect((await zip.file(FILING_FILES.agreementPdf)!.async("nodebuffer")).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("the export page offers the filing package with its deadline and the signed text's hash", async () => {
    const html = await (await get(server.url, `${BASE}/export`, cookies["platform.chief"])).text();
    expect(html).toContain(`href="${BASE}/filing.zip"`);
    expect(html).toContain(signedHash);
    expect(html).toContain('data-testid="exports-filing-deadline"');
  });

  it("every export is in the audit log", async () => {
    const actions = new Set((await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.negotiationId, N))).map((a) => a.action));
    for (const action of ["export.agreement_docx", "export.agreement_pdf", "export.agreement_md", "export.filing_zip"]) expect(actions, action).toContain(action);
  });
});

describe("E-4 caucus notes never leave their side through an export", () => {
  it("no export of the signed agreement any participant can download holds either side's note", async () => {
    await expectNoCaucusNote(["export.docx", "export.pdf", "export.md", "export.json", "filing.zip"]);
  });
});

describe("E-9 the filing package is cached until something it prints changes", () => {
  const filingDownloads = async () => (await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.negotiationId, N))).filter((a) => a.action === "export.filing_zip").length;
  const timed = async (user: string) => {
    const start = performance.now();
    const result = await download(`${BASE}/filing.zip`, user);
    return { ...result, ms: performance.now() - start };
  };
  const processNoteOf = async (bytes: Buffer) => (await JSZip.loadAsync(bytes)).file(FILING_FILES.processNote)!.async("string");

  it("a second download is served from the cache, byte for byte, and is still audited", async () => {
    const first = await timed("platform.chief");
    expect(first.response.status).toBe(200);
    const before = await filingDownloads();
    const second = await timed("union.chief");
    expect(second.response.status).toBe(200);
    expect(second.response.headers.get("x-filing-package")).toBe("cached");
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(await filingDownloads()).toBe(before + 1);
    expect(second.response.headers.get("content-disposition")).toContain(`tongshang-filing-${chinaToday()}.zip`);
    console.info(`filing.zip download: ${first.response.headers.get("x-filing-package")} ${first.ms.toFixed(0)} ms, then cached ${second.ms.toFixed(0)} ms`);
  });

  it("a filing record changes the package: rebuilt once with the 报送日期, then cached again", async () => {
    const before = (await download(`${BASE}/filing.zip`, "platform.chief")).bytes;
    expect(await processNoteOf(before)).toContain("报送日期：尚未登记");
    const sign = `${BASE}/sign?_data=${encodeURIComponent("routes/negotiations.$id.sign")}`;
    expect((await post(sign, "platform.chief", { intent: "file", filedOn: chinaToday() })).status).toBe(200);

    const start = performance.now();
    const rebuilt = await download(`${BASE}/filing.zip`, "platform.chief");
    const rebuiltMs = performance.now() - start;
    expect(rebuilt.response.headers.get("x-filing-package")).toBe("built");
    expect(rebuilt.bytes.equals(before)).toBe(false);
    const [y, m, d] = chinaToday().split("-").map(Number);
    expect(await processNoteOf(rebuilt.bytes)).toContain(`报送日期：${y}年${m}月${d}日`);

    const again = await timed("platform.chief");
    expect(again.response.headers.get("x-filing-package")).toBe("cached");
    expect(again.bytes.equals(rebuilt.bytes)).toBe(true);
    console.info(`filing.zip after a filing record: built ${rebuiltMs.toFixed(0)} ms, then cached ${again.ms.toFixed(0)} ms`);
  });

  it("the package's PDF is the archival copy: tagged, claiming PDF/A-2b", async () => {
    const zip = await JSZip.loadAsync((await download(`${BASE}/filing.zip`, "platform.chief")).bytes);
    const pdf = await zip.file(FILING_FILES.agreementPdf)!.async("nodebuffer");
    const path = join(workDir, `filing-${++fileCounter}.pdf`);
    writeFileSync(path, pdf);
    expect(execFileSync("pdfinfo", [path], { encoding: "utf8" })).toMatch(/^Tagged:\s+yes$/m);
    expect(execFileSync("pdfinfo", ["-meta", path], { encoding: "utf8" })).toContain("<pdfaid:part>2</pdfaid:part>");
  });
});
