import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";

/**
 * The one form-post pipeline (app/intentForm.server.ts) and the refusal catalogue, against the real
 * server: the order policy → schema → command, the status each refusal maps to, and a refusal that
 * follows the language switch (the ts_lang cookie) in a page's answer and in an API error alike;
 * and the page titles that follow the same switch (F-4).
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const N = DEMO_NEGOTIATION;

beforeAll(async () => {
  server = await startTestServer();
  for (const user of ["union.chief", "union.rep", "observer", "outsider", "admin"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  await server?.stop();
});

function post(user: string, path: string, routeId: string, form: Record<string, string>, lang?: "zh" | "en") {
  const cookie = lang ? `${cookies[user]}; ts_lang=${lang}` : cookies[user]!;
  return fetch(`${server.url}${path}?_data=${encodeURIComponent(routeId)}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });
}
const talk = (user: string, form: Record<string, string>, lang?: "zh" | "en") => post(user, `/negotiations/${N}/discussion`, "routes/negotiations.$id.discussion", form, lang);
const sign = (user: string, form: Record<string, string>, lang?: "zh" | "en") => post(user, `/negotiations/${N}/sign`, "routes/negotiations.$id.sign", form, lang);

describe("intent forms (F-1…F-3)", () => {
  it("F-1: the policy is asked before the form is checked — an observer's empty comment is 403, not 400", async () => {
    expect((await talk("observer", { intent: "comment", body: "" })).status).toBe(403);
    const invalid = await talk("union.rep", { intent: "comment", body: "" });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: Record<string, string> }).errors.body).toBeTruthy();
  });

  it("F-1: a form naming no known intent is 400 with a form-wide error, after the policy", async () => {
    expect((await talk("outsider", { intent: "toString" })).status).toBe(403);
    const unknown = await talk("union.rep", { intent: "toString" });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ ok: false, intent: null, code: "unknown_intent", errors: { _form: expect.any(String) } });
  });

  it("F-2: a command's refusal code decides the status: not_found 404, a taken username 409, a policy refusal 403", async () => {
    expect((await talk("union.chief", { intent: "resolve", commentId: "cm_nosuch" })).status).toBe(404);
    const taken = await post("admin", "/admin/accounts", "routes/admin.accounts", { intent: "createAccount", username: "union.rep", displayName: "重名", password: "long-enough-pass-1", organisationId: "" });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ ok: false, intent: "createAccount", code: "username_taken", errors: { username: expect.any(String) } });
    expect((await sign("union.rep", { intent: "ratify", body: "congress", total: "10", attended: "8", approved: "6", heldOn: "2026-11-01", resolutionNo: "X-1", versionId: "live" })).status).toBe(403);
  });

  it("F-3: the same refusal answers in Chinese or English as the language switch says, on a page and from an API", async () => {
    const zh = (await (await talk("union.chief", { intent: "resolve", commentId: "cm_nosuch" }, "zh")).json()) as { message: string; errors: Record<string, string> };
    const en = (await (await talk("union.chief", { intent: "resolve", commentId: "cm_nosuch" }, "en")).json()) as { message: string; errors: Record<string, string> };
    expect(zh.message).toBe("评论不存在");
    expect(en.message).toBe("No such comment");
    expect(en.errors._form).toBe("No such comment");
    const apiZh = await fetch(`${server.url}/api/negotiations/${N}/versions`, { headers: { Cookie: `${cookies.outsider}; ts_lang=zh` } });
    const apiEn = await fetch(`${server.url}/api/negotiations/${N}/versions`, { headers: { Cookie: `${cookies.outsider}; ts_lang=en` } });
    expect(apiZh.status).toBe(403);
    expect(((await apiZh.json()) as { message: string }).message).toBe("您不是该协商的参与者");
    expect(((await apiEn.json()) as { message: string }).message).toBe("You take no part in this negotiation");
  });

  it("F-3: a command's refusal on a rendered page (no JavaScript) follows the language switch, with its parameters", async () => {
    const form = { intent: "createAccount", username: "union.rep", displayName: "重名", password: "long-enough-pass-1", organisationId: "" };
    const page = (lang: "zh" | "en") =>
      fetch(`${server.url}/admin/accounts`, { method: "POST", headers: { Cookie: `${cookies.admin}; ts_lang=${lang}` }, body: new URLSearchParams(form), redirect: "manual" });
    const zh = await page("zh");
    const en = await page("en");
    expect(zh.status).toBe(409);
    expect(en.status).toBe(409);
    const zhHtml = await zh.text();
    const enHtml = await en.text();
    expect(zhHtml).toContain("用户名“union.rep”已被使用");
    expect(enHtml).toContain("The username “union.rep” is already taken");
    expect(enHtml).not.toContain("已被使用");
  });

  it("F-3: a bad form's field errors (the schema's messages) follow the language switch: the action's answer and a rendered page", async () => {
    type Answer = { code: string; message: string; errors: Record<string, string> };
    const zh = (await (await talk("union.rep", { intent: "comment", body: "  " }, "zh")).json()) as Answer;
    const en = (await (await talk("union.rep", { intent: "comment", body: "  " }, "en")).json()) as Answer;
    expect(zh).toMatchObject({ code: "invalid", message: "请检查填写的内容", errors: { body: "请输入评论内容" } });
    expect(en).toMatchObject({ code: "invalid", message: "Please check the form", errors: { body: "Enter the comment" } });
    const long = (await (await talk("union.rep", { intent: "comment", body: "长".repeat(4_001) }, "en")).json()) as Answer;
    expect(long.errors.body).toBe("At most 4000 characters");
    // The page without JavaScript: the versions form's empty name, as the schema says it, in each language.
    const page = (lang: "zh" | "en") =>
      fetch(`${server.url}/negotiations/${N}/versions`, { method: "POST", headers: { Cookie: `${cookies["union.rep"]}; ts_lang=${lang}` }, body: new URLSearchParams({ intent: "save", label: "  " }), redirect: "manual" });
    const zhPage = await page("zh");
    const enPage = await page("en");
    expect(zhPage.status).toBe(400);
    expect(enPage.status).toBe(400);
    expect(await zhPage.text()).toContain("请填写版本名称");
    const enHtml = await enPage.text();
    expect(enHtml).toMatch(/Fill in the version(&#x27;|')s name/);
    expect(enHtml).not.toContain("请填写版本名称");
  });

  it("F-3: a JSON API's query error names the field, Chinese first with the English in brackets by default, English alone in English", async () => {
    const compare = (lang?: "zh" | "en") => fetch(`${server.url}/negotiations/${N}/compare.json?from=live`, { headers: { Cookie: lang ? `${cookies["union.rep"]}; ts_lang=${lang}` : cookies["union.rep"]! } });
    for (const [lang, message] of [
      [undefined, "参数 to:缺少版本参数 (version is required)"],
      ["en", "Parameter to: version is required"],
    ] as const) {
      const response = await compare(lang);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "bad_request", field: "to", message });
    }
  });

  it("F-3: a policy's refusal from a JSON API (the ledger) follows the language switch, Chinese by default", async () => {
    const ledger = (lang?: "zh" | "en") => fetch(`${server.url}/api/ledger`, { headers: { Cookie: lang ? `${cookies.admin}; ts_lang=${lang}` : cookies.admin! } });
    for (const [lang, message] of [
      [undefined, "您的账号不属于工会、企业或劳动保障行政部门,没有台账"],
      ["en", "Only members of a union, an enterprise or the labour administration have a ledger"],
    ] as const) {
      const response = await ledger(lang);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: "no_ledger", message });
    }
  });
});

describe("page titles (F-4)", () => {
  const titleOf = async (path: string, user?: string, lang?: "zh" | "en") => {
    const cookie = [user ? cookies[user] : undefined, lang ? `ts_lang=${lang}` : undefined].filter(Boolean).join("; ");
    const response = await fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
    expect(response.status, path).toBe(200);
    return /<title>([^<]*)<\/title>/.exec(await response.text())?.[1];
  };

  it("F-4: a page's fixed title is Chinese for a default reader and English for an English one, signed in or not", async () => {
    expect(await titleOf(`/negotiations/${N}/versions`, "union.rep")).toBe("版本记录 · 同商");
    expect(await titleOf(`/negotiations/${N}/versions`, "union.rep", "zh")).toBe("版本记录 · 同商");
    expect(await titleOf(`/negotiations/${N}/versions`, "union.rep", "en")).toBe("Versions · Tongshang");
    expect(await titleOf("/login")).toBe("登录 · 同商");
    expect(await titleOf("/login", undefined, "en")).toBe("Sign in · Tongshang");
  });

  it("F-4: a title that carries the page's data keeps it and translates only the fixed words", async () => {
    const mine = (await (await fetch(`${server.url}/api/negotiations`, { headers: { Cookie: cookies["union.rep"]! } })).json()) as { id: string; title: string }[];
    const { title } = mine.find((n) => n.id === N)!;
    expect(await titleOf(`/negotiations/${N}`, "union.rep")).toBe(`${title} · 同商`);
    expect(await titleOf(`/negotiations/${N}`, "union.rep", "en")).toBe(`${title} · Tongshang`);
    expect(await titleOf(`/negotiations/${N}/caucus`, "union.rep")).toBe(`工会方内部草案 · ${title} · 同商`);
    expect(await titleOf(`/negotiations/${N}/caucus`, "union.rep", "en")).toBe(`Union side private draft · ${title} · Tongshang`);
  });

  it("F-4: an error page has the root's title, in the reader's language", async () => {
    const errorTitle = async (lang?: "en") => {
      const response = await fetch(`${server.url}/negotiations/no-such-negotiation`, { headers: { Cookie: lang ? `${cookies["union.rep"]}; ts_lang=${lang}` : cookies["union.rep"]! } });
      expect(response.status).toBe(404);
      return /<title>([^<]*)<\/title>/.exec(await response.text())?.[1];
    };
    expect(await errorTitle()).toBe("同商");
    expect(await errorTitle("en")).toBe("Tongshang");
  });
});
