import { describe, expect, it } from "vitest";
import { browserSuite, openWorkspace, seriousViolations, signIn } from "../setup/browser";
import { clauseOfTopic, liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION } from "../setup/server";

/** Issue 13 end to end in Chromium: the legal adviser sees the platform's round checked against the law and what it costs a rider. */

const suite = browserSuite();

describe("evidence at the table in a real browser", () => {
  it("EV-4, EV-6, EV-10 union.legal opens the compare page of the two demo rounds, sees 第七条 flagged unlawful, sets 40 orders a day and reads −520 元", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.legal");
    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/compare`);
    await page.waitForURL(/\/compare\?from=.+&to=.+/);
    await expect.poll(() => page.getByTestId("compare-heading").textContent()).toContain("工会方首轮提案 → 平台方回应稿");

    // 第七条 in the platform's round: the rest prompt at 5 hours and a 15-minute pause, both beyond the floors.
    const restPromptId = (await liveClauses(suite.server)).find((c) => c.body.includes("连续接单"))!.id; // found by its text
    const restPrompt = page.locator(`#compare-${restPromptId}`);
    expect(await restPrompt.locator(".article-label").first().textContent()).toBe("第七条");
    const markers = restPrompt.locator('[data-testid="finding-markers"] li[data-level="unlawful"]');
    await expect.poll(() => markers.count()).toBe(2);
    expect(await markers.first().textContent()).toContain("违反底线");
    expect(await markers.first().textContent()).toContain("超过 4 小时的上限");
    // per traded figure: lawful in the union's round, unlawful in the platform's
    const verdict = page.getByTestId(`figure-verdict-${restPromptId}`).first();
    expect(await verdict.locator('[data-level="ok"]').count()).toBe(1);
    expect(await verdict.locator('[data-level="unlawful"]').count()).toBe(1);
    expect(await page.getByTestId("evidence-findings").textContent()).toContain("第七条");
    expect(await page.getByTestId("wage-area-round").textContent()).toContain("内蒙古·一类");

    const orders = page.getByTestId("impact-ordersPerDay");
    await orders.fill("30");
    await expect.poll(() => page.getByTestId("impact-monthly").textContent()).toContain("−390 元");
    expect(page.url()).toContain("ordersPerDay=30");
    await orders.fill("40");
    const monthly = page.getByTestId("impact-monthly");
    await expect.poll(() => monthly.textContent()).toContain("−520 元");
    expect(await monthly.textContent()).toContain("5,720 元");
    expect(await monthly.textContent()).toContain("5,200 元");
    expect(await monthly.textContent()).toContain("−9.1%");
    expect(await page.getByTestId("impact-hourly").textContent()).toContain("25.67 元");
    expect(await page.getByTestId("impact-break-even").textContent()).toContain("4.48");
    expect(page.url()).toContain("ordersPerDay=40");

    // each figure opens into its arithmetic
    await monthly.locator("summary").first().click();
    expect(await monthly.locator("code").first().textContent()).toContain("40 单/日 × 26 日 × 5.5 元/单 = 5,720 元");
    expect(await page.getByTestId("chart-minimum").count()).toBe(1);
    expect(await page.getByTestId("chart-to").getAttribute("d")).toMatch(/^M/);

    // bad input: a field-level message in Chinese, no figures
    await orders.fill("1e12");
    await expect.poll(() => page.getByTestId("impact-figures").count()).toBe(0);
    expect(await page.locator("#impact-ordersPerDay-error").textContent()).toContain("每日单量");
    await orders.fill("40");
    await expect.poll(() => page.getByTestId("impact-figures").count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // the address holds the picture: a colleague opening it sees the same figures
    const shared = page.url();
    const colleague = await signIn(await suite.browser.newContext(), suite.server.url, "union.chief");
    await colleague.goto(shared.replace("ordersPerDay=40", "ordersPerDay=30"));
    await expect.poll(() => colleague.getByTestId("impact-monthly").textContent()).toContain("−390 元");
    await colleague.context().close();
    await context.close();
  });

  it("EV-3, EV-10 a clause typed live in the workspace is checked and marked beside it", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    await openWorkspace(page, suite.server.url, DEMO_NEGOTIATION);
    // Found by their text, not the demo's ids: the rest-prompt clause (连续接单…), and the first clause on rest.
    const clauses = await liveClauses(suite.server);
    const restPromptId = clauses.find((c) => c.body.includes("连续接单"))!.id;
    const restId = clauseOfTopic(clauses, "rest").id;
    const restPrompt = page.locator(`#clause-${restPromptId}`);
    await expect.poll(() => restPrompt.locator('[data-testid="finding-markers"] li[data-level="unlawful"]').count(), { timeout: 15_000 }).toBe(2);

    await page.getByTestId(`body-${restId}`).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("每日接单时长不超过十小时。");
    const rest = page.locator(`#clause-${restId}`);
    await expect.poll(() => rest.locator('li[data-rule="daily_hours"][data-level="unlawful"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await rest.locator('li[data-rule="daily_hours"]').textContent()).toContain("十小时");
    await context.close();
  });

  it("EV-2 the admin enters a new round in the page: instant Chinese field errors, then the round is listed", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "admin");
    await page.goto(`${suite.server.url}/admin/minimum-wages`);
    const rounds = page.getByTestId("minimum-wage-rounds");
    expect(await rounds.textContent()).toContain("内蒙古·一类");
    expect(await rounds.textContent()).toContain("2021-12-01");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("省份(地区)").fill("内蒙古");
    await page.getByLabel("档次(如 一类)").fill("二类");
    await page.getByLabel("月标准(元)").fill("-1");
    await page.getByRole("button", { name: "录入新一轮标准" }).click();
    await expect.poll(() => page.locator("#round-monthly-error").textContent()).toContain("月最低工资应大于 0");
    await page.getByLabel("月标准(元)").fill("2330");
    await page.getByLabel("小时标准(元)").fill("23.1");
    await page.getByLabel("生效日期").fill("2027-07-01");
    await page.getByLabel("来源文件").fill("内蒙古自治区人民政府办公厅 测试通知");
    await page.getByRole("button", { name: "录入新一轮标准" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("已录入新标准");
    await expect.poll(() => rounds.textContent()).toContain("内蒙古·二类2330");
    await context.close();
  });
});
