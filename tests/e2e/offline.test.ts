import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openWorkspace, signIn } from "../setup/browser";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

/** Issue 3: edits made while the connection is down are kept — across closing the tab — and sent on reconnect. */

const dir = mkdtempSync(join(tmpdir(), "tongshang-offline-"));
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ dir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function serverBody(clauseId: string): Promise<string> {
  const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, await login(server.url, "union.legal"));
  return ((await response.json()) as { clauses: { id: string; body: string }[] }).clauses.find((c) => c.id === clauseId)!.body;
}

describe("offline editing", () => {
  it("an edit typed while the server is down survives closing the tab and reaches the server when the page is opened again", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, server.url, "union.rep");
    await openWorkspace(page, server.url, DEMO_NEGOTIATION);
    const port = server.port;
    const clauseId = (await liveClauses(server))[0]!.id; // any clause of the draft

    await server.close();
    await page.locator('[data-testid="connection"][data-status="reconnecting"]').waitFor();
    await page.getByTestId(`body-${clauseId}`).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("离线时补充的内容");
    await expect.poll(() => page.getByTestId("connection").textContent()).toMatch(/尚未发送/);
    await page.waitForTimeout(300); // y-indexeddb writes each update as it happens
    await page.close();

    server = { ...(await startTestServer({ dir, port })), stop: server.stop } as TestServer;
    const again = await context.newPage();
    await openWorkspace(again, server.url, DEMO_NEGOTIATION);
    await expect.poll(() => serverBody(clauseId), { timeout: 10_000 }).toContain("离线时补充的内容");
    await context.close();
  });

  it("signing out clears this browser's offline drafts", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, server.url, "union.chief");
    await openWorkspace(page, server.url, DEMO_NEGOTIATION);
    const drafts = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith("tongshang-draft:")));
    await expect.poll(drafts).toHaveLength(1);
    await Promise.all([page.waitForURL(/\/login/), page.getByRole("button", { name: "退出登录" }).click()]);
    expect(await drafts()).toEqual([]);
    await context.close();
  });
});
