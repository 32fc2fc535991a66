import { describe, expect, it } from "vitest";
import { browserSuite, openWorkspace, signIn } from "../setup/browser";
import { DEMO_NEGOTIATION, get, login } from "../setup/server";

/**
 * Issue 13 in the workspace: the compact impact calculator beside each clause whose own text names
 * a piece rate (EV-12), and the coverage link for those who may keep it (L-12), in Chromium.
 */

const suite = browserSuite();

/** A clause of the live draft that names no money at all: no calculator can belong beside it. */
async function clauseWithoutMoney(): Promise<string> {
  const response = await get(suite.server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, await login(suite.server.url, "union.legal"));
  const { clauses } = (await response.json()) as { clauses: { id: string; body: string }[] };
  return clauses.find((c) => !/元/u.test(c.body))!.id;
}

describe("EV-12 the impact calculator beside a pay clause", () => {
  it("EV-12 a clause without pay terms has none; once its text names a piece rate it shows the month at the given inputs, the hourly gap and a link to the compare page with the same inputs", async () => {
    const id = await clauseWithoutMoney();
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.chief");
    await openWorkspace(page, suite.server.url, DEMO_NEGOTIATION);
    const clause = page.locator(`#clause-${id}`);
    await expect.poll(() => page.locator(".clause-impact").count()).toBeGreaterThan(0);
    expect(await clause.locator(".clause-impact").count()).toBe(0);

    // Text never seen before: the calculator follows the words of the body, not the clause's id or title.
    await page.getByTestId(`body-${id}`).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("配送员每完成一单,计件单价为6.5元。");
    const impact = page.getByTestId(`clause-impact-${id}`);
    await expect.poll(() => impact.count()).toBe(1);
    await impact.locator("summary").click();
    await impact.getByTestId("clause-impact-ordersPerDay").fill("30");
    await impact.getByTestId("clause-impact-daysPerMonth").fill("20");
    await impact.getByTestId("clause-impact-hoursPerDay").fill("8");
    // 30 单/日 × 20 日 × 6.5 元 = 3,900 元; ÷ (20 × 8 小时) = 24.38 元/小时
    await expect.poll(() => impact.getByTestId("clause-impact-monthly").textContent()).toBe("3,900 元");
    expect(await impact.getByTestId("clause-impact-hourly").textContent()).toBe("24.38 元");
    const floorLabel = (await impact.locator("dt", { hasText: "小时最低工资" }).textContent())!;
    const floor = Number(/小时最低工资 ([\d.]+) 元/u.exec(floorLabel)![1]);
    const gap = Math.round((24.375 - floor) * 100) / 100;
    expect(await impact.getByTestId("clause-impact-gap").textContent()).toBe(`${gap > 0 ? "+" : "−"}${Math.abs(gap)} 元`);
    const href = (await impact.getByTestId("clause-impact-compare").getAttribute("href"))!;
    expect(href).toContain("ordersPerDay=30");
    expect(href).toContain("daysPerMonth=20");
    expect(href).toContain("hoursPerDay=8");

    // A bad input is named at the field and no figure is shown.
    await impact.getByTestId("clause-impact-daysPerMonth").fill("40");
    await expect.poll(() => impact.locator('[role="alert"]').textContent()).toContain("每月工作天数不能超过 31");
    expect(await impact.getByTestId("clause-impact-monthly").count()).toBe(0);
    await impact.getByTestId("clause-impact-daysPerMonth").fill("20");

    // The link opens the compare page with the calculator at the same inputs.
    await impact.getByTestId("clause-impact-compare").click();
    await page.waitForURL(/\/compare\?from=.+&to=.+/);
    expect(await page.getByTestId("impact-ordersPerDay").inputValue()).toBe("30");
    expect(await page.getByTestId("impact-daysPerMonth").inputValue()).toBe("20");
    expect(await page.getByTestId("impact-hoursPerDay").inputValue()).toBe("8");

    // Removing the price removes the calculator.
    await openWorkspace(page, suite.server.url, DEMO_NEGOTIATION);
    await page.getByTestId(`body-${id}`).click();
    await page.keyboard.press("Control+End");
    for (let i = 0; i < "6.5元。".length; i++) await page.keyboard.press("Backspace");
    await expect.poll(() => page.getByTestId(`clause-impact-${id}`).count()).toBe(0);
    await context.close();
  });
});

describe("L-12 the workspace links the coverage form", () => {
  it("L-12 a chief sees the coverage link and reaches the form; a representative does not see it", async () => {
    const context = await suite.browser.newContext();
    const chief = await signIn(context, suite.server.url, "union.chief");
    await openWorkspace(chief, suite.server.url, DEMO_NEGOTIATION);
    await chief.getByTestId("coverage-link").click();
    await chief.waitForURL(new RegExp(`/negotiations/${DEMO_NEGOTIATION}/coverage$`));
    await context.close();

    const repContext = await suite.browser.newContext();
    const rep = await signIn(repContext, suite.server.url, "union.rep");
    await openWorkspace(rep, suite.server.url, DEMO_NEGOTIATION);
    expect(await rep.getByTestId("coverage-link").count()).toBe(0);
    await repContext.close();
  });
});
