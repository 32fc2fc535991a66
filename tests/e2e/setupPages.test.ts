import { describe, expect, it } from "vitest";
import { chinaToday, proposalAnswerDeadline } from "~/shared/rules/deadlines";
import { browserSuite, seriousViolations, signIn } from "../setup/browser";
import { DEMO_NEGOTIATION } from "../setup/server";

/* The setup pages in a real browser: instant validation, the live answer deadline, the QR invite, axe. */
const suite = browserSuite();

describe("starting a negotiation in the browser", () => {
  it("checks the form instantly, shows the deadline live, and starts the negotiation", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    await page.goto(`${suite.server.url}/negotiations/new`);
    expect(await page.getByTestId("answer-deadline").textContent()).toBe(proposalAnswerDeadline(chinaToday()));
    expect(await seriousViolations(page)).toEqual([]);

    await page.locator('select[name="mode"]').selectOption("represent");
    await page.getByRole("button", { name: "发起协商" }).click();
    await expect.poll(() => page.locator("#title-error").textContent()).toBe("请输入协商标题");
    expect(await page.getByLabel("协商名称").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#higherUnionOrgId-error").textContent()).toContain("上级工会");
    expect(page.url()).toMatch(/\/negotiations\/new$/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("要约日期").fill("2027-01-31");
    await expect.poll(() => page.getByTestId("answer-deadline").textContent()).toBe("2027-02-20");

    await page.getByLabel("协商名称").fill("浏览器发起的协商");
    await page.getByLabel("地区", { exact: true }).fill("青城市");
    await page.getByLabel("行业", { exact: true }).fill("网络餐饮配送");
    await page.locator('select[name="unionOrgId"]').selectOption("org-sector");
    await page.locator('select[name="enterpriseOrgId"]').selectOption("org-platform");
    await page.locator('select[name="higherUnionOrgId"]').selectOption("org-city");
    await Promise.all([page.waitForURL(/\/negotiations\/n_/), page.getByRole("button", { name: "发起协商" }).click()]);
    await context.close();
  });
});

describe("importing a draft in the browser", () => {
  it("names the wrong field of a bad JSON file before anything is sent", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    await page.goto(`${suite.server.url}/negotiations/new`);
    await page.getByLabel("导入 JSON 草案").check();
    const bad = JSON.stringify({ title: "协议", clauses: [{ id: "c1", topic: "wages", title: "工资", body: "" }] });
    await page.locator('input[name="draftFile"]').setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from(bad) });
    await expect.poll(() => page.locator("#draftFile-error").textContent()).toContain("clauses[0].topic");
    expect(await page.locator('input[name="draftFile"]').getAttribute("aria-invalid")).toBe("true");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("participants and invite links in the browser", () => {
  it("shows the list, creates a QR invite link that the outsider accepts", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/participants`);
    expect(await page.getByTestId("participants-table").locator("tbody tr").count()).toBe(7);
    expect(await seriousViolations(page)).toEqual([]);

    const inviteSection = page.locator("section", { has: page.getByRole("heading", { name: "按用户名邀请" }) });
    await inviteSection.getByLabel("用户名").fill("union.rep");
    await inviteSection.getByRole("button", { name: "邀请" }).click();
    await expect.poll(() => page.locator("#invite-username-error").textContent()).toContain("已是本协商的参与者");

    const linkSection = page.locator("section", { has: page.getByRole("heading", { name: "邀请链接" }) });
    await linkSection.getByLabel("角色").selectOption("representative");
    await linkSection.getByRole("button", { name: "生成一次性邀请链接" }).click();
    await page.getByTestId("invite-link").locator("svg").waitFor();
    const link = await page.getByTestId("invite-link").locator("input").inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(await seriousViolations(page)).toEqual([]);

    const outsider = await suite.browser.newContext();
    const outsiderPage = await signIn(outsider, suite.server.url, "outsider");
    await outsiderPage.goto(link);
    expect(await seriousViolations(outsiderPage)).toEqual([]);
    await Promise.all([outsiderPage.waitForURL(new RegExp(`/negotiations/${DEMO_NEGOTIATION}$`)), outsiderPage.getByRole("button", { name: "接受邀请" }).click()]);
    const again = await outsiderPage.goto(link);
    expect(again?.status()).toBe(410);
    expect(await outsiderPage.getByTestId("invite-message").textContent()).toContain("已被使用");
    await outsider.close();
    await context.close();
  });

  it("is read-only for platform.rep", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "platform.rep");
    await page.goto(`${suite.server.url}/negotiations/${DEMO_NEGOTIATION}/participants`);
    expect(await page.getByRole("button", { name: "邀请" }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});

describe("administration pages in the browser", () => {
  it("have no serious accessibility violations and validate instantly", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "admin");
    for (const path of ["/admin", "/admin/organisations", "/admin/accounts"]) {
      await page.goto(`${suite.server.url}${path}`);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    const create = page.locator("section", { has: page.getByRole("heading", { name: "新建账号" }) });
    await create.getByLabel("用户名").fill("Bad Name");
    await create.getByLabel("密码").fill("short");
    await create.getByRole("button", { name: "创建账号" }).click();
    await expect.poll(() => page.locator("#new-password-error").textContent()).toContain("密码至少 10 个字符");
    expect(await page.locator("#new-username-error").textContent()).toContain("用户名");
    await context.close();
  });
});
