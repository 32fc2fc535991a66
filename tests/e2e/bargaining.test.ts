import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openWorkspace, seriousViolations, signIn } from "../setup/browser";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, startTestServer, type TestServer } from "../setup/server";

/**
 * Issue 5 end to end in Chromium: a tentative agreement confirmed by both chiefs in two browsers
 * and voided by a third's edit, all without reloading; a comment travelling live; a caucus note
 * that never reaches the other side; the new pages pass axe.
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let union: Page;
let platform: Page;
let rep: Page;

async function as(username: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return signIn(context, server.url, username);
}

/** The fourteenth clause of the demo's live draft (the comment below names it 第十四条), by position, not by the demo's id. */
let fourteenth = "";

beforeAll(async () => {
  server = await startTestServer();
  fourteenth = (await liveClauses(server))[13]!.id;
  browser = await launchBrowser();
  union = await as("union.chief");
  platform = await as("platform.chief");
  rep = await as("union.rep");
  for (const page of [union, platform, rep]) await openWorkspace(page, server.url, DEMO_NEGOTIATION);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("bargaining clause by clause, in three browsers", () => {
  it("both chiefs confirm a TA on the fourteenth clause and both see 暂定一致 without reloading; union.rep's edit voids it for both", async () => {
    await union.getByTestId(`confirm-ta-${fourteenth}`).click();
    // platform.chief's page learns of the proposal live, then confirms it.
    await expect.poll(() => platform.getByTestId(`workflow-${fourteenth}`).textContent(), { timeout: 10_000 }).toMatch(/工会方\s*✓/);
    await platform.getByTestId(`confirm-ta-${fourteenth}`).click();
    for (const page of [union, platform]) await expect.poll(() => page.getByTestId(`status-${fourteenth}`).textContent(), { timeout: 10_000 }).toBe("暂定一致");

    await rep.getByTestId(`body-${fourteenth}`).click();
    await rep.keyboard.press("Control+End");
    await rep.keyboard.type("(骑手代表补充)");
    for (const page of [union, platform]) {
      await page.getByTestId(`ta-voided-${fourteenth}`).waitFor({ timeout: 10_000 });
      expect(await page.getByTestId(`status-${fourteenth}`).textContent()).not.toBe("暂定一致");
    }
  });

  it("a comment by union.chief appears for platform.chief without a reload; a union caucus note never does", async () => {
    const secret = `工会内部底线-${Date.now()}`;
    for (const page of [union, platform]) {
      await page.getByTestId(`talk-${fourteenth}`).locator(":scope > summary").click();
      await page.getByTestId(`comment-form-${fourteenth}`).waitFor();
    }
    expect(await union.getByTestId(`note-form-${fourteenth}`).count()).toBe(1);

    await union.getByTestId(`note-form-${fourteenth}`).getByLabel("备注内容").fill(secret);
    await union.getByTestId(`note-form-${fourteenth}`).getByRole("button").click();
    await expect.poll(() => union.getByTestId(`talk-${fourteenth}`).getByTestId("caucus-note").allTextContents()).toEqual([expect.stringContaining(secret)]);

    await union.getByTestId(`comment-form-${fourteenth}`).getByLabel("评论内容").fill("@刘人事 请确认修改后的第十四条。");
    await union.getByTestId(`comment-form-${fourteenth}`).getByRole("button").click();
    await expect.poll(() => platform.getByTestId(`talk-${fourteenth}`).textContent(), { timeout: 10_000 }).toContain("请确认修改后的第十四条");
    // The mention of platform.chief is highlighted for them, with the @我 marker.
    // Polled like the text: the comment list and the counters can land in different renders.
    await expect.poll(() => platform.getByTestId(`talk-${fourteenth}`).locator("mark.mention-me").textContent()).toBe("@刘人事");
    await expect.poll(() => platform.getByTestId(`talk-${fourteenth}`).getByTestId("mentions-me").count()).toBe(1);
    await expect.poll(() => platform.getByTestId(`talk-${fourteenth}`).locator(":scope > summary").textContent()).toContain("评论 (1) · 内部备注 (0)");
    expect(await platform.content()).not.toContain(secret);

    // On the discussion page too: the comment, no union note.
    await platform.goto(`${server.url}/negotiations/${DEMO_NEGOTIATION}/discussion`);
    await expect.poll(() => platform.getByTestId("comments").textContent()).toContain("请确认修改后的第十四条");
    expect(await platform.content()).not.toContain(secret);
    expect(await seriousViolations(platform)).toEqual([]);

    // A reply typed by platform.chief on the discussion page reaches union.chief's open workspace live.
    await platform.getByTestId("thread").first().locator("summary").click();
    await platform.getByTestId("thread").first().getByLabel("回复内容").fill("收到,下次会议讨论。");
    await platform.getByTestId("thread").first().getByRole("button", { name: "回复" }).click();
    await expect.poll(() => union.getByTestId(`talk-${fourteenth}`).textContent(), { timeout: 10_000 }).toContain("收到,下次会议讨论。");
    expect(await platform.content()).not.toContain(secret);
  });

  it("the workspace with a clause's talk open, the discussion page and the meetings page pass axe", async () => {
    expect(await seriousViolations(union)).toEqual([]);
    await union.goto(`${server.url}/negotiations/${DEMO_NEGOTIATION}/discussion`);
    expect(await seriousViolations(union)).toEqual([]);
    await union.goto(`${server.url}/negotiations/${DEMO_NEGOTIATION}/meetings`);
    await union.locator("details.card > summary").click();
    await union.getByTestId("meeting-form").waitFor();
    expect(await seriousViolations(union)).toEqual([]);
  });

  it("a meeting recorded in the browser; both chiefs confirm its minutes and see them final without reloading", async () => {
    await union.getByLabel("地点").fill("青城市总工会三楼会议室");
    await union.getByLabel("记录人(中立)").fill("钱中立");
    await union.getByTestId("meeting-form").getByRole("button", { name: "保存会议记录" }).click();
    await union.locator('[data-testid^="meeting-mt_"]').first().waitFor();
    await platform.goto(`${server.url}/negotiations/${DEMO_NEGOTIATION}/meetings`);
    expect(await platform.getByTestId("chair-turn").textContent()).toContain("刘人事");
    expect(await platform.getByTestId("days-since-last-meeting").textContent()).toBe("距上次会议 0 天");
    await union.locator('[data-testid^="confirm-minutes-"]').click();
    await platform.locator('[data-testid^="confirm-minutes-"]').click();
    for (const page of [union, platform]) await page.locator('[data-testid^="minutes-final-"]').waitFor({ timeout: 10_000 });
    expect(await seriousViolations(platform)).toEqual([]);
  });
});
