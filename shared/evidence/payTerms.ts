/**
 * The piece-rate terms of an agreement as its text gives them: the base price per order and the
 * per-order supplements for night orders, bad weather and each extra kilometre. Read from every
 * clause body in document order (the first figure of each kind wins), never from ids or titles.
 */
import { extractQuantities, sentences } from "./quantities";

export interface PayTerms {
  /** 元 per order, or null when no clause names a base price. */
  basePerOrder: number | null;
  /** 元 added per night order. */
  nightPerOrder: number;
  /** 元 added per order on a bad-weather day. */
  weatherPerOrder: number;
  /** 元 per kilometre beyond the distance the clause pays from. */
  perExtraKm: number;
  /** Where each came from, for the expandable arithmetic: the figure as written and its clause. */
  sources: Partial<Record<"base" | "night" | "weather" | "km", { clauseId: string; figure: string }>>;
}

/** A piece rate in 元 is per order; anything above this is a bonus, an insurance sum or a fine, not a price. */
const MAX_PRICE_YUAN = 1_000;

type Kind = "base" | "night" | "weather" | "km";

/** Which price a phrase names: its words decide, the money figure in it is the price. */
function kindOf(text: string): Kind | null {
  if (/保额|保险|奖励|罚|扣|押金|抽成/u.test(text)) return null;
  if (/夜间|夜班|深夜|时段补贴|凌晨/u.test(text)) return "night";
  if (/恶劣天气|天气补贴|雨雪|高温|严寒|冰冻/u.test(text)) return "weather";
  if (/每增加.{0,4}(?:公里|千米)|距离补贴|每公里|每千米/u.test(text)) return "km";
  if (/基础单价|计件单价|每单|单价|每件/u.test(text)) return "base";
  return null;
}

export function readPayTerms(clauses: readonly { id: string; body: string }[]): PayTerms {
  const terms: PayTerms = { basePerOrder: null, nightPerOrder: 0, weatherPerOrder: 0, perExtraKm: 0, sources: {} };
  for (const clause of clauses) {
    for (const sentence of sentences(clause.body)) {
      // "夜间…0.5元；恶劣天气…1.5元" are separate sentences; "超过4公里的，每增加1公里…0.8元" is one.
      for (const part of sentence.text.split(/(?<=元)[，,]/u)) {
        const kind = kindOf(part);
        if (!kind || terms.sources[kind]) continue;
        const price = extractQuantities(part).find((q) => q.unit === "yuan" && q.low > 0 && q.low <= MAX_PRICE_YUAN);
        if (!price) continue;
        terms.sources[kind] = { clauseId: clause.id, figure: price.text };
        if (kind === "base") terms.basePerOrder = price.low;
        else if (kind === "night") terms.nightPerOrder = price.low;
        else if (kind === "weather") terms.weatherPerOrder = price.low;
        else terms.perExtraKm = price.low;
      }
    }
  }
  return terms;
}
