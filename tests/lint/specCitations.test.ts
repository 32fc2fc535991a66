import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 12 item 8: every rule docs/SPEC.md defines is cited by a test name, and every id a test
 * name cites is defined there. A rule checked only by review says so in SPEC.md with `(review)`
 * right after its id, so the exemption is visible where the rule is written.
 */
const ID = String.raw`(?:EV|C|V|W|T|S|E|X|L|R|P|B|F)-\d+`;
const DEFINITION = new RegExp(String.raw`^- \*\*(${ID})\*\*( \(review\))?`, "gm");
const NAME = /\b(?:it|test|describe)(?:\.\w+)*\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;
const CITED = new RegExp(String.raw`\b(${ID})(?:\s*(?:…|\.\.\.|–)\s*(${ID}))?\b`, "g");

export interface CitationGaps {
  uncited: string[];
  undefinedIds: string[];
}

/** Ids a test name cites; "B-1…B-3" cites B-1, B-2 and B-3. */
function citedIn(name: string): string[] {
  const ids: string[] = [];
  for (const [, from, to] of name.matchAll(CITED)) {
    ids.push(from!);
    const [prefix, start] = from!.split("-");
    const [toPrefix, end] = (to ?? "").split("-");
    if (to && toPrefix === prefix) for (let n = Number(start) + 1; n <= Number(end); n++) ids.push(`${prefix}-${n}`);
  }
  return ids;
}

export function citationGaps(spec: string, testSources: string[]): CitationGaps {
  const defined = new Set<string>();
  const review = new Set<string>();
  for (const [, id, reviewMark] of spec.matchAll(DEFINITION)) {
    defined.add(id!);
    if (reviewMark) review.add(id!);
  }
  const cited = new Set<string>();
  for (const source of testSources) for (const [, , name] of source.matchAll(NAME)) for (const id of citedIn(name!)) cited.add(id);
  const order = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
  return {
    uncited: [...defined].filter((id) => !cited.has(id) && !review.has(id)).sort(order),
    undefinedIds: [...cited].filter((id) => !defined.has(id)).sort(order),
  };
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".test.ts") && !path.split(/[\\/]/).includes("node_modules"))
    .map((path) => join(dir, path));
}

describe("rule citations in test names (issue 12 item 8)", () => {
  it("every rule in docs/SPEC.md is cited by a test, and every cited id is defined there", () => {
    const spec = readFileSync("docs/SPEC.md", "utf8");
    const sources = ["app", "server", "db", "shared", "tests"].flatMap(testFiles).map((file) => readFileSync(file, "utf8"));
    const gaps = citationGaps(spec, sources);
    expect(gaps.uncited, "SPEC.md 中无测试引用的规则").toEqual([]);
    expect(gaps.undefinedIds, "测试引用了 SPEC.md 未定义的编号").toEqual([]);
  });

  it("the checker reports an uncited rule and an undefined id, honours (review) and ranges", () => {
    const spec = "- **C-1** cited.\n- **C-2** cited by a range.\n- **C-3** nobody.\n- **X-1** (review) by eye.\n";
    const source = `describe("C-1…C-2", () => { it('C-1: x', () => {}); test("Q-9 and X-7: y", () => {}); });`;
    expect(citationGaps(spec, [source])).toEqual({ uncited: ["C-3"], undefinedIds: ["X-7"] });
  });
});
