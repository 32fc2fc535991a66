import type { ClauseStatus } from "../../shared/clauseStatus";
import type { Mode } from "../../shared/roles";
import type { Membership } from "./negotiation";

/**
 * Clause bargaining rules (docs/SPEC.md, W-1…W-6), part of the one policy module. Pure functions of
 * the member's seat, the clause's status and the negotiation's mode; the routes, commands and the
 * UI all ask these and nothing else.
 */
export type BargainingSide = "union" | "enterprise";

const NEGOTIATORS = new Set(["chief", "representative", "higher_union"]);

/** The side a member bargains for; legal advisers and observers bargain for nobody. */
export function actingSide(member: Membership | null): BargainingSide | null {
  if (!member || member.side === "observer" || !NEGOTIATORS.has(member.role)) return null;
  return member.side;
}

/**
 * W-2: a tentative agreement is confirmed for a side by its chief; under 上代下 the higher-level
 * union bargains on the union side's behalf, so it may confirm for that side too.
 */
export function canConfirmTentativeAgreement(member: Membership | null, mode: Mode, locked: boolean): boolean {
  if (locked || !member) return false;
  if (member.role === "chief" && actingSide(member)) return true;
  return mode === "represent" && member.side === "union" && member.role === "higher_union";
}

const CHIEF_LIKE = (member: Membership, mode: Mode) => canConfirmTentativeAgreement(member, mode, false);

/**
 * W-4: who may move a clause between statuses. 暂定一致 is reached only through a tentative
 * agreement both sides confirm, never by a status change. `proposedBy` is the side that tabled the
 * clause (for clauses that came with the draft: the side that made the 要约).
 */
export function canChangeClauseStatus(
  member: Membership | null,
  change: { from: ClauseStatus; to: ClauseStatus; proposedBy: BargainingSide },
  mode: Mode,
  locked: boolean,
): boolean {
  const side = actingSide(member);
  if (locked || !member || !side || change.from === change.to) return false;
  switch (change.to) {
    case "agreed":
    case "proposed":
      return false;
    case "withdrawn":
      // Only the side that tabled a clause may take it back.
      return change.from !== "agreed" && side === change.proposedBy;
    case "parked":
      return (change.from === "proposed" || change.from === "negotiating") && CHIEF_LIKE(member, mode);
    case "negotiating":
      if (change.from === "proposed") return true; // taken up for negotiation by either side
      if (change.from === "parked") return CHIEF_LIKE(member, mode);
      if (change.from === "withdrawn") return side === change.proposedBy; // tabled again
      return false;
  }
}

/**
 * 要约 (集体合同规定第三十二条): the side that did not make the proposal answers it in writing, by
 * its chief (under 上代下 the higher-level union may answer for the union side). Once.
 */
export function canAnswerProposal(
  member: Membership | null,
  negotiation: { proposedBySide: BargainingSide; mode: Mode; answeredOn: string | null },
  locked: boolean,
): boolean {
  if (negotiation.answeredOn !== null || !canConfirmTentativeAgreement(member, negotiation.mode, locked)) return false;
  return actingSide(member) !== negotiation.proposedBySide;
}
