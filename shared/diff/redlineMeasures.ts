import { extractFigures } from "./figures";
import type { DiffPart } from "./textDiff";

/**
 * What a redline costs its reader, measured on a diff's parts: the benchmark and the tests use
 * these to hold the comparison engine to "fewer places to look, no figure shown in pieces".
 */

/** Change hunks: maximal runs of non-equal parts, each a place the reader has to look. */
export function countHunks(parts: DiffPart[]): number {
  return parts.filter((part, index) => part.kind !== "equal" && (parts[index - 1]?.kind ?? "equal") === "equal").length;
}

/**
 * Figures (as extractFigures reads them, on the old side and on the new) that a change touches
 * without replacing them whole: the reader would have to reassemble "5.5元" from "5", a struck
 * ".5" and "元".
 */
export function countSplitFigures(parts: DiffPart[]): number {
  let split = 0;
  for (const side of ["delete", "insert"] as const) {
    const text = parts.filter((part) => part.kind === "equal" || part.kind === side).map((part) => part.text).join("");
    const changed: { start: number; end: number }[] = [];
    let offset = 0;
    for (const part of parts) {
      if (part.kind !== "equal" && part.kind !== side) continue;
      if (part.kind === side) changed.push({ start: offset, end: offset + part.text.length });
      offset += part.text.length;
    }
    for (const figure of extractFigures(text)) {
      const touched = changed.some((range) => range.start < figure.end && figure.start < range.end);
      const whole = changed.some((range) => range.start <= figure.start && figure.end <= range.end);
      if (touched && !whole) split++;
    }
  }
  return split;
}
