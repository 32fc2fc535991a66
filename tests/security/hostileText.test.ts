import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { versions } from "~/db/schema";
import { metaTitle, orderedClauses, replaceText } from "~/shared/collab/docShape";
import { liveClauses } from "../setup/clauses";
import { launchBrowser, signIn } from "../setup/browser";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 8, hostile text: clause titles and bodies, the agreement's title, a comment, a caucus
 * note and a version label holding script tags, attribute breakouts, javascript: links, RTL
 * overrides, zero-width and astral characters are shown inert on every page: no dialog opens,
 * no payload runs, no injected element or javascript: link exists. DOCX and PDF exports have
 * their own hostile-text tests (server/export/agreementDocx.test.ts, agreementPdf.test.ts: bidi
 * controls closed and listed, markup printed as text).
 */
const PAYLOADS = [
  "<script>window.__xss=1;alert(1)</script>",
  '"><img src=x onerror="window.__xss=2;alert(2)">',
  "[点此](javascript:window.__xss=3) javascript:alert(3)",
  "<a href=\"javascript:window.__xss=4\">链接</a>",
  "\u202e05元\u202c 零\u200b宽\u200d 𠀀😀",
  "<svg onload=\"window.__xss=5\"></svg>",
];
const HOSTILE = PAYLOADS.join(" ");

let server: TestServer;
let browser: Browser;
/** The clause whose title and body carry the payloads: one of the demo's live draft. */
let hostileClause = "";

beforeAll(async () => {
  server = await startTestServer({ idleUnloadMs: 600_000 });
  hostileClause = (await liveClauses(server))[4]!.id;
  await server.context.collab.change(DEMO_NEGOTIATION, { userId: null, label: "import" }, (doc: Y.Doc) => {
    replaceText(metaTitle(doc), `协议${HOSTILE}`);
    const clause = orderedClauses(doc).find((c) => c.id === hostileClause)!;
    replaceText(clause.title, `公平派单${PAYLOADS[1]}`);
    replaceText(clause.body, `${clause.body.toString()}${HOSTILE}`);
  });
  const cookie = await login(server.url, "union.chief");
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });
  expect((await post(`/negotiations/${DEMO_NEGOTIATION}/discussion`, { intent: "comment", body: `评论 @union.rep ${HOSTILE}`, clauseId: hostileClause })).status).toBeLessThan(400);
  expect((await post(`/negotiations/${DEMO_NEGOTIATION}/discussion`, { intent: "note", body: `备注 ${HOSTILE}`, clauseId: hostileClause })).status).toBeLessThan(400);
  expect((await post(`/negotiations/${DEMO_NEGOTIATION}/versions`, { intent: "save", label: `版本"><img src=x onerror=alert(9)>`, note: HOSTILE.slice(0, 900) })).status).toBeLessThan(400);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function inert(page: Page, path: string, dialogs: string[]): Promise<void> {
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.waitForTimeout(300);
  const verdict = await page.evaluate(() => ({
    ran: (window as unknown as { __xss?: number }).__xss ?? null,
    injectedImages: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
    injectedSvg: [...document.querySelectorAll("svg")].filter((s) => s.getAttribute("onload")).length,
    javascriptLinks: [...document.querySelectorAll("a[href]")].filter((a) => a.getAttribute("href")!.trim().toLowerCase().startsWith("javascript:")).length,
    foreignScripts: [...document.querySelectorAll("script")].filter((s) => s.textContent?.trim().startsWith("window.__xss")).length,
  }));
  expect(verdict, path).toMatchObject({ ran: null, injectedImages: 0, injectedSvg: 0, javascriptLinks: 0, foreignScripts: 0 });
  expect(dialogs, path).toEqual([]);
}

describe("hostile text is shown inert on every page", () => {
  it("workspace, versions, comparison, clause history, discussion, meetings, participants, sign, record and lists", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, server.url, "union.chief");
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // The demo negotiation's own versions (the demo region seeds versions of other negotiations).
    const versionIds = (await server.driver.db.select({ id: versions.id }).from(versions).where(eq(versions.negotiationId, DEMO_NEGOTIATION))).map((v) => v.id);
    const base = `/negotiations/${DEMO_NEGOTIATION}`;
    const pages = [
      "/negotiations",
      base,
      `${base}/versions`,
      `${base}/compare?from=${versionIds[0]}&to=live`,
      `${base}/compare?from=${versionIds.at(-1)}&to=live`,
      `${base}/clauses/${hostileClause}/history`,
      `${base}/discussion`,
      `${base}/meetings`,
      `${base}/participants`,
      `${base}/sign`,
      `${base}/record`,
      `${base}/coverage`,
      "/ledger",
    ];
    for (const path of pages) await inert(page, path, dialogs);
    // The workspace shows the hostile text itself (as text), so this test would notice if it vanished.
    await page.goto(`${server.url}${base}`);
    await page.locator('[data-testid="connection"][data-synced="yes"]').waitFor();
    expect(await page.evaluate(() => document.body.innerText.includes("onerror"))).toBe(true);
    await context.close();
  }, 180_000);
});
