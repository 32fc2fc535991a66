import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openWorkspace, signIn } from "../setup/browser";
import { liveClauses } from "../setup/clauses";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

let server: TestServer;
let browser: Browser;
let unionContext: BrowserContext;
let platformContext: BrowserContext;
let union: Page;
let platform: Page;
/** Clauses of the demo's live draft, by what each test does with them (not the demo's ids): the first three for the drag, one per typing test. */
const C = {} as Record<"first" | "second" | "third" | "cursors" | "composition" | "undo", string>;

const body = (page: Page, clauseId: string) => page.getByTestId(`body-${clauseId}`);

/** The clause text as the reader sees it, without the remote-cursor name labels woven into the DOM. */
function bodyText(page: Page, clauseId: string): Promise<string> {
  return body(page, clauseId).evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".cm-ySelectionCaret").forEach((caret) => caret.remove());
    return (copy.textContent ?? "").replace(/\u2060/g, "");
  });
}

async function serverBody(clauseId: string): Promise<string> {
  const cookie = await login(server.url, "union.legal");
  const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookie);
  const json = (await response.json()) as { clauses: { id: string; body: string }[] };
  return json.clauses.find((c) => c.id === clauseId)!.body;
}

beforeAll(async () => {
  server = await startTestServer();
  const clauses = await liveClauses(server);
  [C.first, C.second, C.third] = clauses.slice(0, 3).map((c) => c.id);
  // The typing tests each take one of the clauses on pay (报酬支付办法), further down the page.
  [C.cursors, C.composition, C.undo] = clauses.filter((c) => c.topic === "pay_method").slice(0, 3).map((c) => c.id);
  browser = await launchBrowser();
  unionContext = await browser.newContext();
  platformContext = await browser.newContext();
  union = await signIn(unionContext, server.url, "union.chief");
  platform = await signIn(platformContext, server.url, "platform.chief");
  await openWorkspace(union, server.url, DEMO_NEGOTIATION);
  await openWorkspace(platform, server.url, DEMO_NEGOTIATION);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("two negotiators in two browsers", () => {
  it("each sees the other's text and labelled cursor in the same clause", async () => {
    await body(union, C.cursors).click();
    await union.keyboard.press("Control+End");
    await union.keyboard.type("工会方补充");
    await expect.poll(() => body(platform, C.cursors).textContent()).toContain("工会方补充");

    await body(platform, C.cursors).click();
    await platform.keyboard.press("Control+Home");
    await platform.keyboard.type("平台方意见");
    await expect.poll(() => body(union, C.cursors).textContent()).toContain("平台方意见");

    // Remote cursors carry the other person's name.
    await expect.poll(() => union.locator(`#clause-${C.cursors} .cm-ySelectionInfo`).allTextContents()).toContain("刘人事");
    await expect.poll(() => platform.locator(`#clause-${C.cursors} .cm-ySelectionInfo`).allTextContents()).toContain("王建国");
    await expect.poll(() => union.getByTestId("presence").textContent()).toContain("刘人事");
  });

  it("a pinyin composition survives a concurrent remote edit to the same clause", async () => {
    await body(union, C.composition).click();
    await union.keyboard.press("Control+End");
    const cdp = await unionContext.newCDPSession(union);
    await cdp.send("Input.imeSetComposition", { text: "xie", selectionStart: 3, selectionEnd: 3 });
    // While union.chief is composing, platform.chief edits the start of the same clause.
    await body(platform, C.composition).click();
    await platform.keyboard.press("Control+Home");
    await platform.keyboard.type("远程");
    await expect.poll(() => body(union, C.composition).textContent()).toContain("远程");
    await cdp.send("Input.imeSetComposition", { text: "xieshang", selectionStart: 8, selectionEnd: 8 });
    await cdp.send("Input.insertText", { text: "协商" });
    // The committed text is stored once, after the remote edit, with no pinyin left behind.
    await expect.poll(() => serverBody(C.composition)).toMatch(/^远程.*协商$/);
    const stored = await serverBody(C.composition);
    expect(stored).not.toContain("xie");
    expect(stored.split("协商").length).toBe(2);
    expect(await bodyText(union, C.composition)).toBe(stored);
    await expect.poll(() => bodyText(platform, C.composition)).toBe(stored);
  });

  it("undo reverts only one's own edit", async () => {
    await body(union, C.undo).click();
    await union.keyboard.press("Control+End");
    await union.keyboard.type("甲方字");
    await expect.poll(() => body(platform, C.undo).textContent()).toContain("甲方字");
    await body(platform, C.undo).click();
    await platform.keyboard.press("Control+Home");
    await platform.keyboard.type("乙方字");
    await expect.poll(() => body(union, C.undo).textContent()).toContain("乙方字");
    await body(union, C.undo).click();
    await union.keyboard.press("Control+z");
    await expect.poll(() => body(platform, C.undo).textContent()).not.toContain("甲方字");
    const after = await bodyText(union, C.undo);
    expect(after).toContain("乙方字");
    expect(after).not.toContain("甲方字");
  });

  it("dragging a clause moves it for everyone, changing only its position", async () => {
    // Source and target both in view: Playwright presses at the source's screen point before scrolling.
    await union.locator(`#clause-${C.first}`).scrollIntoViewIfNeeded();
    await union.locator(`#clause-${C.second} .drag-handle`).dragTo(union.locator(`#clause-${C.first} .article-label`));
    const order = async () => {
      const cookie = await login(server.url, "union.legal");
      const json = (await (await get(server.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookie)).json()) as { clauses: { id: string }[] };
      return json.clauses.slice(0, 3).map((c) => c.id);
    };
    await expect.poll(order).toEqual([C.second, C.first, C.third]);
    await expect.poll(() => platform.locator("article.clause").first().getAttribute("data-clause-id")).toBe(C.second);
    expect(await platform.locator(`#clause-${C.second} .article-label`).textContent()).toBe("第一条");
  });

  it("an observer sees a read-only editor and why", async () => {
    const context = await browser.newContext();
    const observer = await signIn(context, server.url, "observer");
    await openWorkspace(observer, server.url, DEMO_NEGOTIATION);
    expect(await observer.getByTestId("read-only-banner").textContent()).toContain("只读");
    expect(await body(observer, C.first).getAttribute("contenteditable")).toBe("false");
    await context.close();
  });
});
