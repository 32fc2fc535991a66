import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safeRedirect";

const ORIGIN = "https://tongshang.example";

describe("X-1 safeRedirect: only the app's own origin", () => {
  const hostile: Array<[string, string]> = [
    ["tab inside the double slash", "/\t/evil.example"],
    ["newline inside the double slash", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example/x"],
    ["NUL", "/\u0000/evil.example"],
    ["C1 control", "/\u0085/evil.example"],
    ["leading space", " //evil.example"],
    ["ideographic space", "/\u3000/evil.example"],
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/negotiations"],
    ["backslash", "/\\evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["backslash after slash and tab", "/\t\\evil.example"],
    ["absolute foreign URL", "https://evil.example/"],
    ["same host, other scheme", "http://tongshang.example/negotiations"],
    ["same host, other port", "https://tongshang.example:8443/negotiations"],
    ["userinfo trick", "https://tongshang.example@evil.example/"],
    ["javascript: URL", "javascript:alert(1)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["dot segment that normalises to //", "/.//evil.example"],
    ["parent segment that normalises to //", "/..//evil.example"],
    ["three slashes", "///evil.example"],
  ];
  for (const [name, target] of hostile) {
    it(`refuses ${name}: ${JSON.stringify(target)}`, () => {
      expect(safeRedirect(target, "/negotiations", ORIGIN)).toBe("/negotiations");
      expect(safeRedirect(target, "/negotiations")).not.toMatch(/^\/\/|evil|^[a-z]+:/i);
    });
  }

  const kept: Array<[string, string]> = [
    ["/negotiations", "/negotiations"],
    ["/negotiations/qingcheng-catering-2026?tab=clauses#c05", "/negotiations/qingcheng-catering-2026?tab=clauses#c05"],
    ["/negotiations/%2F%2Fevil.example", "/negotiations/%2F%2Fevil.example"],
    ["https://tongshang.example/negotiations/new", "/negotiations/new"],
    ["/invite/abc", "/invite/abc"],
    ["evil.example", "/evil.example"], // a relative path: stays on our origin
  ];
  for (const [target, expected] of kept) {
    it(`keeps the same-origin target ${target}`, () => {
      expect(safeRedirect(target, "/", ORIGIN)).toBe(expected);
    });
  }

  it("gives the fallback for no target", () => {
    expect(safeRedirect(undefined, "/negotiations", ORIGIN)).toBe("/negotiations");
    expect(safeRedirect("", "/negotiations", ORIGIN)).toBe("/negotiations");
    expect(safeRedirect(null)).toBe("/");
  });
});
