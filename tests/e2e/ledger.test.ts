import { readFileSync } from "node:fs";
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { browserSuite, seriousViolations, signIn } from "../setup/browser";
import { DEMO_NEGOTIATION, get, login } from "../setup/server";

const suite = browserSuite();

describe("the ledger page (issue 14)", () => {
  it("L-10: city.union opens 台账 from the navigation, sees the region's rows, filters overdue only and downloads the monthly report", async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, suite.server.url, "city.union");
    await page.getByRole("banner").getByRole("link", { name: "台账", exact: true }).click();
    await page.waitForURL(/\/ledger$/);

    const api = (await (await get(suite.server.url, "/api/ledger", await login(suite.server.url, "city.union"))).json()) as {
      rows: { negotiationId: string; title: string; overdue: string[]; participant: boolean }[];
    };
    const rows = page.getByTestId("ledger-row");
    await expect.poll(() => rows.count()).toBe(api.rows.length);
    expect(api.rows.length).toBeGreaterThan(1);
    for (const row of api.rows) {
      const line = page.locator(`[data-testid="ledger-row"][data-negotiation="${row.negotiationId}"]`);
      expect(await line.locator("th").innerText()).toContain(row.title);
      // A link only where city.union takes part (the demo negotiation); the others are ledger-only.
      expect(await line.getByRole("link", { name: row.title }).count()).toBe(row.participant ? 1 : 0);
    }
    expect(api.rows.find((r) => r.negotiationId === DEMO_NEGOTIATION)?.participant).toBe(true);
    expect(await page.getByTestId("chart-stages").isVisible()).toBe(true);
    expect(await page.getByTestId("chart-workers").isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId("overdue-only").check();
    await Promise.all([page.waitForURL(/overdue=1/), page.getByRole("button", { name: "筛选", exact: true }).click()]);
    const overdue = api.rows.filter((r) => r.overdue.length > 0);
    expect(overdue.length).toBeGreaterThan(0);
    await expect.poll(() => rows.count()).toBe(overdue.length);
    expect(await page.locator('[data-testid="ledger-row"][data-overdue="no"]').count()).toBe(0);
    expect(await page.getByTestId("total-negotiations").innerText()).toContain(String(overdue.length));

    await page.getByTestId("period-month").check();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-xlsx").click()]);
    expect(download.suggestedFilename()).toMatch(/^青城市总工会月调度-\d{4}-\d{2}-01\.xlsx$/);
    const sheets = await readXlsxFile(readFileSync(await download.path()));
    expect(sheets.map((s) => s.sheet)).toContain("汇总表");
    const titles = sheets.find((s) => s.sheet === "汇总表")!.data.slice(1, -1).map((r) => r[1]);
    expect(titles.sort()).toEqual(api.rows.map((r) => r.title).sort());
    await context.close();
  });

  it("L-10: the administrator has no ledger link, and /ledger answers 403", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/login`);
    await page.getByLabel(/用户名|Username/).fill("admin");
    await page.getByLabel(/密码|Password/).fill("tongshang-demo");
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.getByRole("button", { name: /^登录$/ }).click()]);
    expect(await page.getByRole("banner").getByRole("link", { name: "台账", exact: true }).count()).toBe(0);
    const response = await page.goto(`${suite.server.url}/ledger`);
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
