import { describe, expect, it } from "vitest";
import { flattenTree, parentKindFits, wouldCreateCycle } from "./orgTree";

const tree = [
  { id: "region", parentId: null },
  { id: "city", parentId: "region" },
  { id: "district", parentId: "city" },
  { id: "sector", parentId: "district" },
  { id: "builders", parentId: "city" },
  { id: "platform", parentId: null },
];

describe("wouldCreateCycle", () => {
  it("refuses a node as its own parent", () => {
    expect(wouldCreateCycle(tree, "city", "city")).toBe(true);
  });
  it("refuses a descendant as the new parent", () => {
    expect(wouldCreateCycle(tree, "city", "sector")).toBe(true);
    expect(wouldCreateCycle(tree, "region", "district")).toBe(true);
  });
  it("allows moving under a sibling branch, to the top, or under an unrelated root", () => {
    expect(wouldCreateCycle(tree, "sector", "builders")).toBe(false);
    expect(wouldCreateCycle(tree, "sector", null)).toBe(false);
    expect(wouldCreateCycle(tree, "district", "platform")).toBe(false);
  });
  it("ends on data that already holds a cycle", () => {
    const broken = [
      { id: "a", parentId: "b" },
      { id: "b", parentId: "a" },
      { id: "c", parentId: null },
    ];
    expect(wouldCreateCycle(broken, "c", "a")).toBe(false);
  });
});

describe("flattenTree", () => {
  it("puts parents before children with their depth", () => {
    const rows = flattenTree(tree).map((r) => `${r.depth}:${r.node.id}`);
    expect(rows).toEqual(["0:region", "1:city", "2:district", "3:sector", "2:builders", "0:platform"]);
  });
  it("keeps orphans and cycle members instead of losing them", () => {
    const rows = flattenTree([
      { id: "a", parentId: "b" },
      { id: "b", parentId: "a" },
      { id: "orphan", parentId: "gone" },
    ]);
    expect(rows.map((r) => r.node.id).sort()).toEqual(["a", "b", "orphan"]);
  });
});

describe("parentKindFits", () => {
  it("keeps unions under unions and enterprises under enterprises", () => {
    expect(parentKindFits("union", "union")).toBe(true);
    expect(parentKindFits("union", "enterprise")).toBe(false);
    expect(parentKindFits("enterprise", "enterprise")).toBe(true);
    expect(parentKindFits("authority", "union")).toBe(false);
  });
  it("puts a workers' assembly under the enterprise or union whose workers it gathers", () => {
    expect(parentKindFits("assembly", "enterprise")).toBe(true);
    expect(parentKindFits("assembly", "union")).toBe(true);
    expect(parentKindFits("assembly", "authority")).toBe(false);
  });
});
