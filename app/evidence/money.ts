/** How the evidence pages print numbers: grouped, at most two decimals, a true minus sign (U+2212) for losses. */
const GROUPED = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatNumber(value: number, places = 2): string {
  const rounded = Math.round(value * 10 ** places) / 10 ** places;
  const text = GROUPED.format(Math.abs(rounded));
  return rounded < 0 ? `−${text}` : text;
}

export function formatSigned(value: number, places = 2): string {
  const text = formatNumber(value, places);
  return value > 0 && text !== "0" ? `+${text}` : text;
}
