import type { CaucusSide, DraftKind } from "../../shared/collab/documentName";
import type { Mode } from "../../shared/roles";
import { canConfirmTentativeAgreement } from "./clause";
import { can, type Membership, type NegotiationFacts } from "./negotiation";

/**
 * Private drafts (内部草案) and tabled rounds (docs/SPEC.md R-3… ), part of the one policy
 * module: the collaboration upgrade, every WebSocket message, the caucus page, comparisons and the
 * tabling command all ask these and nothing else.
 */

/** R-3: the live draft is every participant's; a side's private draft only that side's members'. */
export function canOpenDraft(member: Membership | null, draft: DraftKind): boolean {
  if (!member) return false;
  return draft === "live" || member.side === draft;
}

/** writing a document needs the editing role and, for a private draft, a seat on its side. */
export function canWriteDraft(member: Membership | null, draft: DraftKind, negotiation: NegotiationFacts): boolean {
  return canOpenDraft(member, draft) && can(member, "edit", negotiation);
}

/** The side whose private draft a member works in: none for observers. */
export function caucusSideOf(member: Membership | null): CaucusSide | null {
  return member && member.side !== "observer" ? member.side : null;
}

export interface TablingFacts extends NegotiationFacts {
  mode: Mode;
  /** The side's chief has allowed its representatives to table (a per-side setting). */
  representativesMayTable: boolean;
}

/** The side's chief — and, under 上代下, the higher-level union for the union side (as for TAs, W-2). */
function chiefOf(member: Membership, side: CaucusSide, facts: TablingFacts): boolean {
  return member.side === side && canConfirmTentativeAgreement(member, facts.mode, facts.locked);
}

/** who tables a side's private draft: its chief, or a representative when the chief allowed it. */
export function canTableRound(member: Membership | null, side: CaucusSide, facts: TablingFacts): boolean {
  if (!member || facts.locked || member.side !== side) return false;
  if (chiefOf(member, side, facts)) return true;
  return facts.representativesMayTable && member.role === "representative";
}

/** the chief resets the side's private draft to the live draft, and decides whether representatives may table. */
export function canManageCaucusDraft(member: Membership | null, side: CaucusSide, facts: TablingFacts): boolean {
  if (!member || facts.locked) return false;
  return chiefOf(member, side, facts);
}
