import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openWorkspace, seriousViolations, signIn } from "../setup/browser";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION as N, get, login, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 15 in Chromium (docs/SPEC.md ): union.rep prepares the union's private draft
 * while platform.rep, in another browser, sees none of it; union.chief tables it; platform.rep's
 * open workspace shows the change and that it is the enterprise's move.
 */
let server: TestServer;
let browser: Browser;

const body = (page: Page, clauseId: string) => page.getByTestId(`body-${clauseId}`);

async function privateText(user: string): Promise<string> {
  const response = await get(server.url, `/negotiations/${N}/compare.json?from=live&to=caucus`, await login(server.url, user));
  return response.text();
}

/** The clause the union edits in its private draft: one of the demo's live draft, not a demo id. */
let edited = "";

beforeAll(async () => {
  server = await startTestServer();
  edited = (await liveClauses(server))[4]!.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a round prepared in caucus and tabled", () => {
  it("R-3, R-6, R-10: the union's private edit stays private until union.chief tables it; then the platform sees it and 轮到企业方", async () => {
    const rep = await signIn(await browser.newContext(), server.url, "union.rep");
    const platform = await signIn(await browser.newContext(), server.url, "platform.rep");
    await openWorkspace(platform, server.url, N);
    const marker = `内部方案${Math.random().toString(36).slice(2, 8)}`;

    // union.rep opens the private draft from the workspace: the same editor, plainly marked private.
    await openWorkspace(rep, server.url, N);
    await Promise.all([rep.waitForURL(/\/caucus$/), rep.getByTestId("private-draft-link").click()]);
    await rep.locator('[data-testid="connection"][data-synced="yes"]').waitFor();
    expect(await rep.getByTestId("private-banner").textContent()).toContain("内部草案");
    await body(rep, edited).click();
    await rep.keyboard.press("Control+End");
    await rep.keyboard.type(marker);
    // Stored on the server (the union's own comparison of its private draft shows it) …
    await expect.poll(() => privateText("union.legal"), { timeout: 10_000 }).toContain(marker);
    // … and nowhere the platform looks: its open editor, its page, its own comparison.
    expect(await body(platform, edited).textContent()).not.toContain(marker);
    expect(await platform.content()).not.toContain(marker);
    expect(await privateText("platform.chief")).not.toContain(marker);
    await platform.goto(`${server.url}/negotiations/${N}/caucus`);
    expect(await platform.content()).not.toContain(marker);
    await openWorkspace(platform, server.url, N);
    expect(await platform.getByTestId("turn").textContent()).toBe("轮到企业方"); // the union made the 要约: the enterprise answers first

    // union.chief tables the union's draft.
    const chief = await signIn(await browser.newContext(), server.url, "union.chief");
    await chief.goto(`${server.url}/negotiations/${N}/caucus`);
    await chief.locator('[data-testid="connection"][data-synced="yes"]').waitFor();
    expect(await chief.getByTestId("tabling-changes").textContent()).toMatch(/1/);
    expect(await seriousViolations(chief)).toEqual([]);
    chief.on("dialog", (dialog) => void dialog.accept());
    await chief.getByTestId("table-round").click();
    await expect.poll(() => chief.getByTestId("tabled").textContent().catch(() => ""), { timeout: 10_000 }).toContain("工会方第 1 轮方案");

    // The platform's open workspace: the change arrives in the editor, the turn passes to the enterprise again after the union's round.
    await expect.poll(() => body(platform, edited).textContent(), { timeout: 10_000 }).toContain(marker);
    await expect.poll(() => platform.getByTestId("turn").textContent(), { timeout: 10_000 }).toBe("轮到企业方");
    await expect.poll(() => platform.getByTestId("round-number").textContent().catch(() => ""), { timeout: 10_000 }).toBe("第 1 轮");
    expect(await platform.getByTestId("round-list").textContent()).toContain("工会方第 1 轮方案");
  }, 180_000); // axe over a page of 40 editors takes tens of seconds on this shared machine
});
