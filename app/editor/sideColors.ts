import type { Side } from "~/shared/roles";

/** Each side has its own colour family, so a glance tells whose cursor it is. */
const PALETTES: Record<Side, string[]> = {
  union: ["#b42318", "#c4320a", "#a15c07", "#9f1239"],
  enterprise: ["#175cd3", "#1570a6", "#3538cd", "#0e7090"],
  observer: ["#4d5761", "#667085"],
};

export function colorFor(side: Side, userId: string): string {
  const palette = PALETTES[side];
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}
