import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { browserSuite, seriousViolations, signIn } from "../setup/browser";
import { clauseWithMoney, liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION } from "../setup/server";
import { listVersionsWithContent } from "~/db/queries/versions";

/** Issue 4 end to end in Chromium: the legal adviser reads what the platform changed and takes the redline away. */

const suite = browserSuite();

describe("comparing the two demo versions in a real browser", () => {
  it("union.legal opens the comparison from the versions page, filters by 报酬支付办法, sees 5.5元 struck and 5元 inserted, downloads the DOCX", async () => {
    const context = await suite.browser.newContext({ acceptDownloads: true });
    const page = await signIn(context, suite.server.url, "union.legal");
    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/versions`);
    const entries = page.getByTestId("version-entry");
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toContain("工会方首轮提案");
    expect(await entries.nth(1).textContent()).toContain("平台方回应稿");
    expect(await page.getByTestId("save-version").count()).toBe(0); // a legal adviser reads, compares, exports
    expect(await page.getByTestId("restore-version").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // What the two versions differ in, read from their texts (not the demo's ids).
    const [older, newer] = (await listVersionsWithContent(suite.server.driver.db, DEMO_NEGOTIATION)).map((v) => v.agreement.clauses);
    const olderOf = (id: string) => older!.find((c) => c.id === id);
    const unchanged = newer!.find((c) => JSON.stringify(olderOf(c.id)) === JSON.stringify(c))!.id;
    const priced = older!.find((c) => c.body.includes("5.5元"))!.id;
    const retitled = newer!.find((c) => olderOf(c.id) && olderOf(c.id)!.title !== c.title)!.id;
    const changedOnPay = newer!.filter((c) => c.topic === "pay_method" && JSON.stringify(olderOf(c.id)) !== JSON.stringify(c)).map((c) => `compare-${c.id}`);
    await Promise.all([page.waitForURL(/\/compare\?from=.+&to=.+/), entries.nth(1).getByRole("link", { name: "与上一版本比较" }).click()]);
    await expect.poll(() => page.getByTestId("compare-heading").textContent()).toContain("工会方首轮提案 → 平台方回应稿");
    expect(await page.locator(`#compare-${unchanged}`).evaluate((e) => e.tagName)).toBe("DETAILS"); // unchanged: collapsed
    expect(await page.locator(`#compare-${unchanged}`).getAttribute("open")).toBeNull();
    expect(await page.getByTestId("compare-figures").textContent()).toContain("5.5元");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("按议题筛选").selectOption({ label: "报酬支付办法" });
    await expect.poll(() => page.locator(`#compare-${unchanged}`).count()).toBe(0);
    expect(page.url()).toContain("topic=pay_method");
    const pricedClause = page.locator(`#compare-${priced}`);
    await expect.poll(() => pricedClause.locator("del", { hasText: "5.5元" }).count()).toBeGreaterThan(0);
    expect(await pricedClause.locator("del", { hasText: "5.5元" }).first().isVisible()).toBe(true);
    expect(await pricedClause.locator("ins", { hasText: "5元" }).first().isVisible()).toBe(true);
    expect(await pricedClause.locator("del").first().evaluate((e) => getComputedStyle(e).textDecorationLine)).toContain("line-through");
    expect(await pricedClause.locator("ins").first().evaluate((e) => getComputedStyle(e).textDecorationLine)).toContain("underline");
    expect(await page.locator(`#compare-${retitled} .change-badge`).allTextContents()).toContain("标题变更");

    await page.getByTestId("next-change").click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toMatch(/^compare-/);
    expect(changedOnPay).toContain(await page.evaluate(() => document.activeElement?.id ?? "")); // a changed clause on pay

    await page.getByLabel("左右对照").check();
    expect(await pricedClause.locator(".side-by-side del", { hasText: "5.5元" }).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-docx").click()]);
    expect(download.suggestedFilename()).toBe("青城市网络餐饮配送行业集体合同-比较-工会方首轮提案-平台方回应稿.docx");
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    await context.close();
  });

  it("the clause history page shows every version's text of a clause and passes axe", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.legal");
    // The first clause stating a sum of money: the platform's round lowered its 5.5元.
    const priced = clauseWithMoney(await liveClauses(suite.server)).id;
    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/clauses/${priced}/history`);
    const steps = page.getByTestId("history-step");
    await expect.poll(() => steps.count()).toBe(3); // two versions and the live draft
    expect(await steps.nth(1).locator("del", { hasText: "5.5元" }).count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("union.chief saves a version (instant Chinese field error first) and restores the first one after confirming; an open workspace shows it at once", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    const watcherContext = await suite.browser.newContext();
    const watcher = await signIn(watcherContext, suite.server.url, "platform.rep");
    await watcher.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}`);
    await watcher.locator('[data-testid="connection"][data-synced="yes"]').waitFor();
    const priced = clauseWithMoney(await liveClauses(suite.server)).id; // the clause whose price v2 lowered to 5元
    await expect.poll(() => watcher.locator(`#clause-${priced}`).textContent()).toContain("不低于5元");

    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/versions`);
    await page.getByTestId("save-version").click();
    await expect.poll(() => page.locator("#version-label-error").textContent()).toBe("请填写版本名称");
    expect(await page.getByLabel("版本名称").getAttribute("aria-invalid")).toBe("true");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("版本名称").fill("双方第二轮会谈后文本");
    await page.getByTestId("save-version").click();
    await expect.poll(() => page.getByTestId("version-flash").textContent()).toContain("双方第二轮会谈后文本");
    await expect.poll(() => page.getByTestId("version-entry").count()).toBe(3);

    page.once("dialog", (dialog) => {
      expect(dialog.message()).toContain("工会方首轮提案");
      void dialog.accept();
    });
    await page.getByTestId("version-entry").nth(0).getByTestId("restore-version").click();
    await expect.poll(() => page.getByTestId("version-flash").textContent()).toContain("实时草稿已恢复为“工会方首轮提案”");
    await expect.poll(() => watcher.locator(`#clause-${priced}`).textContent(), { timeout: 10_000 }).toContain("5.5元");
    await watcherContext.close();
    await context.close();
  });
});
