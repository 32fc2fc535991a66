import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { DEMO_PASSWORD, startTestServer, type TestServer } from "./server";

/** Debian's Chromium, headless, with the flags this closed network needs (env/machines/node.md). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export async function signIn(context: BrowserContext, baseUrl: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/negotiations/), page.getByRole("button", { name: /^登录$|^Sign in$/ }).click()]);
  return page;
}

/** Opens the workspace and waits until the live draft has synced over the WebSocket. */
export async function openWorkspace(page: Page, baseUrl: string, negotiationId: string): Promise<void> {
  await page.goto(`${baseUrl}/negotiations/${negotiationId}`);
  await page.locator('[data-testid="connection"][data-synced="yes"]').waitFor();
}

/** Serious and critical axe violations on the page, as readable strings (empty when accessible). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** A real server and a Chromium for one test file: started before its tests, stopped after. */
export function browserSuite(): { readonly server: TestServer; readonly browser: Browser } {
  const suite = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startTestServer();
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
