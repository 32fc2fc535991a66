import { describe, expect, it } from "vitest";
import { browserSuite, openWorkspace, signIn } from "../setup/browser";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, get, login } from "../setup/server";

/** Issue 11: a change the server refuses is shown to the person who made it, never lost silently (SPEC C-13, C-15). */
const suite = browserSuite();

async function serverBody(clauseId: string): Promise<string> {
  const response = await get(suite.server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, await login(suite.server.url, "union.legal"));
  return ((await response.json()) as { clauses: { id: string; body: string }[] }).clauses.find((c) => c.id === clauseId)!.body;
}

describe("a refused change in the browser", () => {
  it("C-15: pasting past the 50,000-character limit shows the limit, withdraws the paste, and the editor goes on working", async () => {
    const context = await suite.browser.newContext();
    const page = await signIn(context, suite.server.url, "union.rep");
    await openWorkspace(page, suite.server.url, DEMO_NEGOTIATION);
    const clauseId = (await liveClauses(suite.server))[0]!.id; // any clause of the draft
    const before = await serverBody(clauseId);

    await page.getByTestId(`body-${clauseId}`).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("超".repeat(50_001));
    const notice = page.getByTestId("update-refused");
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain("本条内容超过 50000 字的上限");

    // The replica starts again from the server's draft: the paste is gone from the page too.
    await page.locator('[data-testid="connection"][data-synced="yes"]').waitFor();
    await expect.poll(() => page.getByTestId(`body-${clauseId}`).textContent(), { timeout: 10_000 }).not.toContain("超超超");
    expect(await serverBody(clauseId)).toBe(before);

    await page.getByTestId(`body-${clauseId}`).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("正常补充");
    await expect.poll(() => serverBody(clauseId), { timeout: 10_000 }).toBe(`${before}正常补充`);
    await context.close();
  }, 60_000);
});
