/**
 * Fractional indices for clause order (contract: `position` is a string, document order is
 * ascending position, ties broken by id). Moving a clause rewrites only its own position, so a
 * concurrent edit of its text is never lost. Digits are base 62 in ASCII order, so plain string
 * comparison is the order; keys never end in the zero digit, so there is always room between two.
 */
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE = DIGITS.length;

function digit(key: string, i: number): number {
  return i < key.length ? DIGITS.indexOf(key[i]) : 0;
}

/** A key strictly between `before` ("" = start) and `after` (null = end). */
export function positionBetween(before: string, after: string | null): string {
  if (after !== null && before >= after) throw new Error(`positionBetween: "${before}" is not before "${after}"`);
  let prefix = "";
  for (let i = 0; ; i++) {
    const lo = digit(before, i);
    const hi = after === null ? BASE : i < after.length ? digit(after, i) : BASE;
    if (hi - lo > 1) return prefix + DIGITS[Math.floor((lo + hi) / 2)];
    prefix += DIGITS[lo];
    // Once the digits differ by one, everything after `before`'s remainder is free above.
    if (hi - lo === 1) after = null;
  }
}

/** Evenly spaced keys for a new document of `count` clauses, all of the same short length. */
export function initialPositions(count: number): string[] {
  let width = 1;
  while (BASE ** width <= count + 1) width++;
  const span = BASE ** width;
  const step = span / (count + 1);
  const keys: string[] = [];
  for (let i = 1; i <= count; i++) {
    let n = Math.floor(i * step);
    let key = "";
    for (let w = 0; w < width; w++) {
      key = DIGITS[n % BASE] + key;
      n = Math.floor(n / BASE);
    }
    keys.push(key.replace(/0+$/, "") || DIGITS[1]);
  }
  return keys;
}

export function comparePositions(a: { position: string; id: string }, b: { position: string; id: string }): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
