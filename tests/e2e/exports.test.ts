import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { browserSuite, openWorkspace, seriousViolations, signIn } from "../setup/browser";
import { DEMO_NEGOTIATION } from "../setup/server";

const suite = browserSuite();

describe("the export page (issue 7)", () => {
  it("union.legal reaches 导出 from the workspace toolbar and downloads the draft PDF with progress shown; the page passes axe", async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, suite.server.url, "union.legal");
    await openWorkspace(page, suite.server.url, DEMO_NEGOTIATION);
    await page.getByRole("navigation").getByRole("link", { name: "导出", exact: true }).click();
    await page.waitForURL(/\/export$/);
    expect(await page.getByTestId("exports-status").textContent()).toContain("草案");
    expect(await page.getByTestId("exports-filing-locked").isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-pdf").click()]);
    expect(download.suggestedFilename()).toMatch(/^青城市网络餐饮配送行业集体合同-草案-\d{4}-\d{2}-\d{2}\.pdf$/);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe("%PDF-");
    await expect.poll(() => page.getByTestId("export-pdf-status").getAttribute("data-state")).toBe("done");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("without JavaScript the buttons are plain links that still download", async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true, javaScriptEnabled: false });
    const page = await signIn(context, suite.server.url, "union.legal");
    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/export`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-docx").click()]);
    expect(readFileSync(await download.path()).subarray(0, 2).toString()).toBe("PK");
    await context.close();
  });
});
