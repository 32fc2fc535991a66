import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { initialPositions, positionBetween } from "./position";

describe("fractional positions", () => {
  it("finds a key between any two keys, at the ends and between neighbours", () => {
    expect(positionBetween("", null) > "").toBe(true);
    const a = positionBetween("", null);
    const b = positionBetween(a, null);
    const mid = positionBetween(a, b);
    expect(a < mid && mid < b).toBe(true);
    const first = positionBetween("", a);
    expect(first < a).toBe(true);
  });

  it("keeps finding room after many insertions at the same spot", () => {
    let lo = "";
    const hi = positionBetween("", null);
    for (let i = 0; i < 200; i++) {
      const next = positionBetween(lo, hi);
      expect(lo < next && next < hi).toBe(true);
      lo = next;
    }
  });

  it("generates strictly increasing keys for a whole document", () => {
    for (const n of [1, 2, 33, 61, 62, 200, 5000]) {
      const keys = initialPositions(n);
      expect(keys).toHaveLength(n);
      for (let i = 1; i < n; i++) expect(keys[i - 1] < keys[i]).toBe(true);
      expect(keys.every((k) => !k.endsWith("0"))).toBe(true);
    }
  });

  it("property: between(a, b) lies strictly between for random ordered pairs", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }), (moves) => {
        const keys = initialPositions(3);
        for (const m of moves) {
          const sorted = [...keys].sort();
          const i = m % (sorted.length + 1);
          const before = i === 0 ? "" : sorted[i - 1];
          const after = i === sorted.length ? null : sorted[i];
          const k = positionBetween(before, after);
          if (!(k > before && (after === null || k < after))) return false;
          keys.push(k);
        }
        return new Set(keys).size === keys.length;
      }),
    );
  });
});
