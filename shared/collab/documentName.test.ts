import { describe, expect, it } from "vitest";
import { formatDocumentName, parseDocumentName } from "./documentName";

describe("document names (contract: Caucus drafts; docs/SPEC.md R-1)", () => {
  it("R-1: a bare id is the live draft, id~side a side's private draft, and the two round-trip", () => {
    expect(parseDocumentName("n-1")).toEqual({ negotiationId: "n-1", draft: "live" });
    expect(parseDocumentName("n-1~union")).toEqual({ negotiationId: "n-1", draft: "union" });
    expect(parseDocumentName("n-1~enterprise")).toEqual({ negotiationId: "n-1", draft: "enterprise" });
    for (const text of ["n-1", "n-1~union", "n-1~enterprise"]) expect(formatDocumentName(parseDocumentName(text)!)).toBe(text);
  });

  it("R-1: anything else names no document", () => {
    for (const text of ["", "n-1~", "n-1~observer", "n-1~union~union", "~union", "n 1", "n-1~Union", "../x~union"]) expect(parseDocumentName(text)).toBeNull();
  });
});
