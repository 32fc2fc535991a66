import type { Mode } from "../../shared/roles";
import { actingSide, canConfirmTentativeAgreement, type BargainingSide } from "./clause";
import { can, type Membership, type NegotiationFacts } from "./negotiation";

/**
 * Talking about the agreement (comments, 内部备注 caucus notes, 协商会议 meetings): part of the one
 * policy module. Routes, commands, queries and the UI ask these and nothing else.
 */

/**
 * The side whose private notes a member reads and writes; observers (and non-members) have none.
 * Every caucus query takes this side, so the other side's rows are never selected at all.
 */
export function caucusSideOf(member: Membership | null): BargainingSide | null {
  if (!member || member.side === "observer" || !can(member, "readCaucus", { locked: false })) return null;
  return member.side;
}

/** Resolving or reopening a comment thread: its author, or a chief (the chair of the talks). */
export function canResolveComment(member: Membership | null, comment: { authorId: string }, userId: string, facts: NegotiationFacts): boolean {
  if (!can(member, "comment", facts)) return false;
  return comment.authorId === userId || member!.role === "chief";
}

/** A caucus note is removed only by its author, on their own side, while the agreement is open. */
export function canDeleteCaucusNote(member: Membership | null, note: { authorId: string; side: BargainingSide }, userId: string, facts: NegotiationFacts): boolean {
  return can(member, "writeCaucus", facts) && caucusSideOf(member) === note.side && note.authorId === userId;
}

/**
 * Both chiefs confirm a meeting's minutes (集体合同规定第三十四条 (check): minutes signed by both chief
 * representatives). Same seats as a tentative agreement (W-2): a chief for their side; under 上代下
 * the higher-level union for the union side. Answers the side the confirmation counts for.
 */
export function minutesConfirmationSide(member: Membership | null, mode: Mode, locked: boolean): BargainingSide | null {
  return canConfirmTentativeAgreement(member, mode, locked) ? actingSide(member) : null;
}

/** Who may chair a meeting: the chiefs (and, under 上代下, the higher-level union for the union side). */
export function mayChair(member: Membership, mode: Mode): boolean {
  return minutesConfirmationSide(member, mode, false) !== null;
}
