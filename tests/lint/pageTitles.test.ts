import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { pageTitlesEn, pageTitlesZh } from "~/app/i18n/pageTitles";

/**
 * SPEC F-4: a page's <title> is a catalogue entry in the reader's language, so every `meta` a route
 * exports is `pageTitle("key")` (app/i18n/pageTitle.ts) — or, for the root, `appTitle` — and the
 * key is an entry of app/i18n/pageTitles.ts. Inside the call the only string literal is that key:
 * a fixed word written anywhere else in a meta ("内部草案", "Tongshang") cannot follow the language
 * switch. Read through the TypeScript parser, so comments never count.
 */
const KEYS = new Set(Object.keys(pageTitlesZh));

/** `file:line: why` for every meta export in `source` that is not a catalogue title. */
export function literalTitles(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const at = (node: ts.Node, why: string) => found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${why}`);
  const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const check = (node: ts.Node, init: ts.Expression | undefined) => {
    if (init && ts.isIdentifier(init) && init.text === "appTitle") return;
    if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== "pageTitle") return at(node, "meta is not pageTitle(key)");
    const [key, ...rest] = init.arguments;
    if (!key || !ts.isStringLiteral(key)) return at(init, "pageTitle's key is not a string literal");
    if (!KEYS.has(key.text)) at(key, `${key.text} is no entry of app/i18n/pageTitles.ts`);
    const words = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n)) at(n, `a title written in words: ${n.getText(sf).slice(0, 60)}`);
      else ts.forEachChild(n, words);
    };
    rest.forEach(words);
  };
  for (const statement of sf.statements) {
    if (!isExported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === "meta") at(statement, "meta is not pageTitle(key)");
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === "meta") check(declaration, declaration.initializer);
      }
    }
  }
  return found;
}

function routeModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeModules(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !/\.server\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("page titles from the catalogue (F-4)", () => {
  it("F-4: every meta in app/routes and the root is pageTitle(key) with a catalogue key and no words of its own", () => {
    const files = ["app/root.tsx", ...routeModules("app/routes")];
    const withMeta = files.filter((file) => /export (const|let|function) meta\b/.test(readFileSync(file, "utf8")));
    expect(withMeta.length, "the pages' meta exports were found").toBeGreaterThanOrEqual(22);
    expect(withMeta.flatMap((file) => literalTitles(file, readFileSync(file, "utf8"))), "write the title in app/i18n/pageTitles.ts and export const meta = pageTitle(key)").toEqual([]);
  });

  it("F-4: the check catches a literal title, an unknown key and a fixed word beside the data, and passes the catalogue's", () => {
    const offending = [
      'export const meta: MetaFunction = () => [{ title: "登录 · 同商" }];',
      "export function meta() { return [{ title: \"Sign in\" }]; }",
      'export const meta = pageTitle("pageNope");',
      'export const meta = pageTitle<typeof loader>("pageCaucus", (data) => ({ side: "工会方", title: data.negotiation.title }));',
      'export const meta = pageTitle<typeof loader>("pageCompare", (data) => ({ from: `${data.from}版`, to: data.to }));',
    ];
    for (const line of offending) expect(literalTitles("synthetic.tsx", line), line).toHaveLength(1);
    const clean = [
      '// 登录 · 同商 — a comment explains, it does not title\nexport const meta = pageTitle("pageLogin");',
      'export const meta = pageTitle<typeof loader>("pageCaucus", (data, lang) => ({ side: SIDE_LABELS[data.side][lang], title: data.negotiation.title }));',
      'export const meta = appTitle;\nconst notMeta = () => [{ title: "内部" }];',
    ];
    for (const source of clean) expect(literalTitles("synthetic.tsx", source), source).toEqual([]);
  });

  it("F-4: every title says its words in Chinese and in English, with the same placeholders", () => {
    for (const [key, zh] of Object.entries(pageTitlesZh)) {
      const en = pageTitlesEn[key as keyof typeof pageTitlesZh];
      const words = (text: string) => text.replace(/\{\w+\}/g, "").replace(/[\s·→]/g, "");
      if (words(zh)) expect(zh, `${key}: the Chinese title is Chinese`).toMatch(/[\u3400-\u9fff]/);
      if (words(en)) expect(en, `${key}: the English title is English`).toMatch(/^[^\u3400-\u9fff]*[A-Za-z][^\u3400-\u9fff]*$/);
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });
});
