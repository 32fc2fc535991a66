import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNegotiation } from "~/db/queries/negotiations";
import { users } from "~/db/schema";
import { confirmTentativeAgreement } from "~/server/commands/tentativeAgreementConfirmer";
import { launchBrowser, openWorkspace, seriousViolations, signIn } from "../setup/browser";
import { DEMO_NEGOTIATION, DEMO_PASSWORD, startTestServer, type TestServer } from "../setup/server";

let server: TestServer;
let browser: Browser;
const SIGN = () => `${server.url}/negotiations/${DEMO_NEGOTIATION}/sign`;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // Setup: every clause driven to 暂定一致 through the command (union.chief proposes, platform.chief confirms).
  const db = server.context.driver.db;
  const id = async (username: string) => (await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]!.id;
  const content = await server.context.collab.readAgreement(DEMO_NEGOTIATION);
  for (const clause of content.clauses) {
    for (const [username, side] of [["union.chief", "union"], ["platform.chief", "enterprise"]] as const) {
      const negotiation = (await findNegotiation(db, DEMO_NEGOTIATION))!;
      await confirmTentativeAgreement(server.context, { negotiation, userId: await id(username), membership: { side, role: "chief" } }, { clauseId: clause.id });
    }
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("ratification and delegated signing in a real browser (issue 6)", () => {
  it("union.chief records a valid 职代会 vote; the verdict is shown with its arithmetic", async () => {
    const context = await browser.newContext();
    const page = await signIn(context, server.url, "union.chief");
    await page.goto(SIGN());
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("应到人数").fill("120");
    await page.getByLabel("实到人数").fill("100");
    await page.getByLabel("同意", { exact: true }).fill("80");
    await page.getByLabel("反对", { exact: true }).fill("15");
    await page.getByLabel("弃权", { exact: true }).fill("5");
    await page.getByLabel("决议编号").fill("QC-ZDH-2026-01");
    await page.getByRole("button", { name: "登记表决结果" }).click();
    await expect.poll(() => page.getByTestId("ratification-verdict").textContent()).toContain("审议通过");
    expect(await page.getByTestId("ratification-explanation").textContent()).toContain("至少 80 人");
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/negotiations/${DEMO_NEGOTIATION}/delegations`);
    expect(await page.getByTestId("delegations-table").textContent()).toContain("QC-2026-001");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it("platform.chief and city.union sign with their passwords; the page shows 已签署 and the editor is read-only", async () => {
    const enterprise = await browser.newContext();
    const chief = await signIn(enterprise, server.url, "platform.chief");
    await chief.goto(SIGN());
    const hash = await chief.getByTestId("sign-content-hash").textContent();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await chief.getByLabel("请再次输入您的密码以确认签署").fill("wrong-password");
    await chief.getByTestId("sign-submit").click();
    await expect.poll(() => chief.locator("#sign-password-error").textContent()).toContain("密码不正确");
    await chief.getByLabel("请再次输入您的密码以确认签署").fill(DEMO_PASSWORD);
    await chief.getByTestId("sign-submit").click();
    await expect.poll(() => chief.locator('[data-slot="enterprise_chief"]').getAttribute("data-signed")).toBe("yes");

    const union = await browser.newContext();
    const delegate = await signIn(union, server.url, "city.union");
    await delegate.goto(SIGN());
    expect(await delegate.getByTestId("sign-content-hash").textContent()).toBe(hash);
    expect(await delegate.getByTestId("signing").textContent()).toContain("受托上级工会");
    await delegate.getByLabel("请再次输入您的密码以确认签署").fill(DEMO_PASSWORD);
    await delegate.getByTestId("sign-submit").click();
    await expect.poll(() => delegate.getByTestId("signing-status").textContent()).toBe("已签署");
    expect(await delegate.locator('[data-slot="union_delegate"]').textContent()).toContain("委托书 QC-2026-001");
    expect(await seriousViolations(delegate)).toEqual([]);

    // The other signer's open page learns of the signing without a reload.
    await expect.poll(() => chief.getByTestId("signing-status").textContent(), { timeout: 10_000 }).toBe("已签署");

    await openWorkspace(delegate, server.url, DEMO_NEGOTIATION);
    await delegate.getByTestId("read-only-banner").waitFor();
    expect(await delegate.getByTestId("read-only-banner").textContent()).toBeTruthy();

    await delegate.goto(`${server.url}/negotiations/${DEMO_NEGOTIATION}/record`);
    expect(await delegate.getByTestId("audit-badge").getAttribute("data-ok")).toBe("yes");
    expect(await delegate.getByTestId("record-signatures").textContent()).toContain("青城市总工会(受青城市网络餐饮配送行业工会联合会委托,上代下,委托书 QC-2026-001)");
    expect(await seriousViolations(delegate)).toEqual([]);
    await enterprise.close();
    await union.close();
  });
});
