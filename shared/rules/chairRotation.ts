/**
 * 轮流主持: the two chief representatives chair the bargaining meetings in turn
 * (集体合同规定第三十三条 (check) — "协商会议由双方首席代表轮流主持"). Tongshang suggests whose turn it
 * is; the meeting's record keeps who actually chaired.
 */
export type BargainingSide = "union" | "enterprise";

/**
 * The side whose chief chairs the next meeting: the other side from the last meeting's chair.
 * With no meeting yet (or no chair recorded), the side that made the proposal (要约) opens the talks.
 */
export function nextChairSide(lastChairSide: BargainingSide | null, proposedBySide: BargainingSide): BargainingSide {
  if (lastChairSide === null) return proposedBySide;
  return lastChairSide === "union" ? "enterprise" : "union";
}

/**
 * The same over the whole record: the chair side of the most recent meeting that had a chair
 * decides. Meetings are given oldest first.
 */
export function suggestChairSide(chairSides: readonly (BargainingSide | null)[], proposedBySide: BargainingSide): BargainingSide {
  for (let i = chairSides.length - 1; i >= 0; i--) {
    const side = chairSides[i];
    if (side) return nextChairSide(side, proposedBySide);
  }
  return nextChairSide(null, proposedBySide);
}
