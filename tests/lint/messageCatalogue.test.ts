import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REFUSAL_KEYS, refusalText, type RefusalKey } from "~/shared/i18n/refusals";
import { schemaMessagesZh } from "~/shared/i18n/schemaMessages";

/**
 * Issue 12 item 6 / ADR 019 (docs/SPEC.md F-3): a message the server answers with is a catalogue
 * key and parameters (shared/i18n/refusals.ts), rendered in the request's language — never an
 * inline "中文 (english)" literal, which can follow no language switch. Only string literals are
 * read (through the TypeScript parser), so comments and code inside `${…}` never count; tests are
 * not scanned. Documents printed in Chinese (exports) use full-width brackets or no English, and
 * are not matched.
 */
const SCANNED = ["server", "app/routes"];

/**
 * file → why an inline bilingual literal stays there. An entry is an exemption a reviewer reads:
 * keep it short and true.
 */
export const ALLOWED: Record<string, string> = {
  "server/env.ts": "configuration errors for the operator at start-up: printed to the console before any request, so there is no request language; both languages stand side by side on purpose",
  "server/cli/verify.ts": "`npm run verify` prints to an operator's terminal: no request, no language switch; both languages side by side on purpose",
  "server/cluster/frame.ts": "owned by the cluster helper in this round (issue 12 split); a malformed-frame reason for the log, never shown to a user — to move with that module",
};

/**
 * The zod schemas (and the two rule modules whose schemas feed the same forms) say nothing in
 * words: every message is a catalogue entry (`fieldMessage(key, params)`, shared/schemas/issueText.ts),
 * so a Chinese string literal there — Chinese alone or "中文 (english)" — is a message that cannot
 * follow the language switch. Regular expressions are not string literals, comments do not count.
 */
const SCHEMA_SCANNED = ["shared/schemas", "shared/agreement.ts", "shared/rules/ratification.ts", "shared/evidence/impact.ts"];

/** Only a Chinese phrase followed by an ASCII parenthesis opening on English is a bilingual message. */
const INLINE_BILINGUAL = /[\u3400-\u9fff][^()（）\n]*\(\s*[A-Za-z][^)]*\)/;
const CHINESE = /[\u3400-\u9fff]/;

/** `line: text` of every string literal in `source` that holds an inline "中文 (english)" message. */
export function inlineMessages(file: string, source: string, pattern: RegExp = INLINE_BILINGUAL): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const check = (node: ts.Node, text: string) => {
    if (pattern.test(text)) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${text.slice(0, 80)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) check(node, node.text);
    else if (ts.isTemplateExpression(node)) {
      // The literal parts only, each expression standing as `{}`: a call inside `${…}` is code, not words.
      check(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join("{}"));
      node.templateSpans.forEach((span) => visit(span.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** `line: text` of every string literal in a schema source that holds Chinese: a message not in the catalogue. */
export function schemaLiterals(file: string, source: string): string[] {
  return inlineMessages(file, source, CHINESE);
}

const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/**
 * Every `fieldMessage("key", { … })` call with a literal key and a literal object: the parameters
 * it passes against the placeholders of the entry's Chinese text (`key: passed ≠ wanted`).
 */
export function mismatchedParams(file: string, source: string, catalogue: Record<string, string>): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "fieldMessage" && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const key = node.arguments[0].text;
      const params = node.arguments[1];
      const passed = params === undefined ? [] : ts.isObjectLiteralExpression(params) ? params.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : "?")).sort() : null;
      const wanted = key in catalogue ? placeholdersOf(catalogue[key]!) : null;
      if (wanted === null) found.push(`${file}: ${key} is no catalogue entry`);
      else if (passed !== null && passed.join() !== wanted.join()) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${key}: passed {${passed.join(", ")}} ≠ wanted {${wanted.join(", ")}}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function sources(dir: string): string[] {
  if (/\.tsx?$/.test(dir)) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("one message catalogue (issue 12 item 6, F-3)", () => {
  it("F-3: no inline \"中文 (english)\" message literal in server/ or app/routes outside the allow-list", () => {
    const offenders = SCANNED.flatMap(sources)
      .filter((file) => !(file in ALLOWED))
      .flatMap((file) => inlineMessages(file, readFileSync(file, "utf8")));
    expect(offenders, "inline bilingual messages — add a key to shared/i18n/refusals.ts and refuse(code, { key, params })").toEqual([]);
  });

  it("F-3: every allow-list entry names a file that still holds such a literal, with a reason", () => {
    for (const [file, why] of Object.entries(ALLOWED)) {
      expect(why.length, file).toBeGreaterThan(20);
      expect(inlineMessages(file, readFileSync(file, "utf8")).length, `${file} holds no inline message any more: drop it from ALLOWED`).toBeGreaterThan(0);
    }
  });

  it("F-3: the check catches an inline message on synthetic text and passes catalogue keys, comments and documents", () => {
    const offending = [
      'return refuse("forbidden", "您不能重置该账号的密码 (not allowed)");',
      "const m = `用户名“${name}”已被使用 (username taken)`;",
      'throw json({ error: "not_found", message: "版本不存在 (no such version)" });',
    ].join("\n");
    expect(inlineMessages("synthetic.ts", offending)).toHaveLength(3);
    const clean = [
      '// 账号不存在 (no such account) — a comment explains, it does not answer',
      'return refuse("unknown_account", { key: "account.notFound" });',
      "const line = `委托书 ${letterNo}(${orgName(from)} → ${orgName(to)})`;",
      'const note = "本条位置已调整（原第三条）。";',
      'const label = "参与方(上参下)";',
    ].join("\n");
    expect(inlineMessages("synthetic.ts", clean)).toEqual([]);
  });

  it("F-3: no Chinese or \"中文 (english)\" string literal in the zod schemas: their messages are catalogue entries", () => {
    const offenders = SCHEMA_SCANNED.flatMap(sources).flatMap((file) => schemaLiterals(file, readFileSync(file, "utf8")));
    expect(offenders, "a schema message in words — add a key to shared/i18n/schemaMessages.ts and write fieldMessage(key, params)").toEqual([]);
  });

  it("F-3: the schema check catches Chinese and bilingual messages on synthetic text and passes catalogue entries, comments and patterns", () => {
    const offending = [
      'const title = z.string().min(1, "请输入名称");',
      'const area = z.string().regex(AREA, "最低工资地区格式不正确 (malformed area)");',
      "const max = (label: string, n: number) => z.string().max(n, `${label}不超过 ${n} 个字符`);",
      'ctx.addIssue({ code: "custom", path: ["to"], message: "终止日期不能早于起始日期" });',
    ].join("\n");
    expect(schemaLiterals("synthetic.ts", offending)).toHaveLength(4);
    const clean = [
      "// 请输入名称 — a comment explains, it does not answer",
      'const title = z.string().min(1, fieldMessage("field.enter", { label: label("label.title") }));',
      "const name = z.string().regex(/^[\\u4e00-\\u9fffA-Za-z0-9]+$/u, fieldMessage(\"field.chineseName\", { label: label(\"label.tier\") }));",
    ].join("\n");
    expect(schemaLiterals("synthetic.ts", clean)).toEqual([]);
  });

  it("F-3: every fieldMessage a schema writes names an entry and passes exactly the parameters its text has", () => {
    const catalogue = Object.fromEntries(REFUSAL_KEYS.map((key) => [key, refusalText("zh", { key })]));
    const offenders = [...SCHEMA_SCANNED.flatMap(sources), "app/routes/negotiations.new/startForm.ts"].flatMap((file) => mismatchedParams(file, readFileSync(file, "utf8"), catalogue));
    expect(offenders).toEqual([]);
    // and the check sees a wrong or missing parameter
    const wrong = 'fieldMessage("field.maxChars", { label: label("label.name") }); fieldMessage("field.enter"); fieldMessage("field.nope");';
    expect(mismatchedParams("synthetic.ts", wrong, catalogue)).toHaveLength(3);
  });

  it("F-3: every schema message entry is in the one catalogue (so the zh/en check below covers it); a field's name takes no parameters", () => {
    const keys = Object.keys(schemaMessagesZh) as RefusalKey[];
    expect(keys.length).toBeGreaterThan(0);
    expect(REFUSAL_KEYS).toEqual(expect.arrayContaining(keys));
    for (const key of keys.filter((k) => k.startsWith("label."))) expect(placeholders(refusalText("zh", { key })), key).toEqual([]);
  });

  it("F-3: every catalogue entry says something in Chinese and in English, with the same {param} names", () => {
    expect(REFUSAL_KEYS.length).toBeGreaterThan(0);
    for (const key of REFUSAL_KEYS) {
      const zh = refusalText("zh", { key });
      const en = refusalText("en", { key });
      expect(zh.trim(), key).not.toBe("");
      expect(en.trim(), key).not.toBe("");
      expect(zh, `${key}: the Chinese text is Chinese`).toMatch(/[\u3400-\u9fff]/);
      expect(en, `${key}: the English text is English`).toMatch(/[A-Za-z]/);
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });
});
