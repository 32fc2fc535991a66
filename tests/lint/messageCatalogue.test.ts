import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REFUSAL_KEYS, refusalText } from "~/shared/i18n/refusals";

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

/** Only a Chinese phrase followed by an ASCII parenthesis opening on English is a bilingual message. */
const INLINE_BILINGUAL = /[\u3400-\u9fff][^()（）\n]*\(\s*[A-Za-z][^)]*\)/;

/** `line: text` of every string literal in `source` that holds an inline "中文 (english)" message. */
export function inlineMessages(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const check = (node: ts.Node, text: string) => {
    if (INLINE_BILINGUAL.test(text)) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${text.slice(0, 80)}`);
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

function sources(dir: string): string[] {
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
