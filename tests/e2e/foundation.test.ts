import { describe, expect, it } from "vitest";
import { browserSuite, openWorkspace, seriousViolations, signIn } from "../setup/browser";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION } from "../setup/server";

const suite = browserSuite();

describe("signing in and the dashboard, in a real browser", () => {
  it("union.chief signs in, sees the demo negotiation, switches to English and back", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.server.url}/login`);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("用户名").fill("union.chief");
    await page.getByLabel("密码").fill("wrong-password");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByTestId("login-error").textContent()).toContain("用户名或密码不正确");

    await page.getByLabel("密码").fill("tongshang-demo");
    await Promise.all([page.waitForURL(/\/negotiations$/), page.getByRole("button", { name: "登录" }).click()]);
    const card = page.getByTestId("negotiation-card");
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain("青城市网络餐饮配送行业集体合同");
    expect(await card.textContent()).toContain("上代下");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId("switch-language").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("My negotiations");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await card.textContent()).toContain("Higher level acts for lower");
    await page.getByTestId("switch-language").click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("我的协商");
    await context.close();
  });

  it("the negotiation page has no serious accessibility violations and shows Chinese numbering", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    await openWorkspace(page, suite.server.url, DEMO_NEGOTIATION);
    expect(await page.locator(".chapter-heading").first().textContent()).toBe("第一章 总则");
    // The draft's first and last (thirty-third) clauses, whatever their ids.
    const clauses = await liveClauses(suite.server);
    expect(clauses).toHaveLength(33);
    expect(await page.locator(`#clause-${clauses[0]!.id} .article-label`).textContent()).toBe("第一条");
    expect(await page.locator(`#clause-${clauses.at(-1)!.id} .article-label`).textContent()).toBe("第三十三条");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("the outsider sees no negotiation and is refused the demo one", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "outsider");
    expect(await page.getByTestId("negotiation-card").count()).toBe(0);
    const response = await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}`);
    expect(response?.status()).toBe(403);
    await context.close();
  });
});
