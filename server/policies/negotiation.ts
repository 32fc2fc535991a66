import type { ClauseStatus } from "~/shared/clauseStatus";
import type { CaucusSide, DraftKind } from "~/shared/collab/documentName";
import { SIDES, type BargainingSide, type Membership, type Mode, type Role, type Side } from "~/shared/roles";

export type { Membership };

/**
 * The one place that decides who may do what in a negotiation (docs/style.md convention 2). Every
 * permission is a rule of RULES over one facts object (negotiationFacts) and, where the question is
 * about one thing (a comment, a clause's status change, a draft, a seat), that thing. Loaders,
 * commands, exports and the collaboration server all ask `can()`; the UI receives the same answers
 * through `abilitiesFor()` and only shows the buttons they allow.
 */
export const NEGOTIATION_ACTIONS = [
  "read", // see the negotiation, its draft, versions and comparisons
  "edit", // change the live draft (Yjs updates, clause operations, restore)
  "comment",
  "saveVersion",
  "export",
  "invite", // add participants, create invite links
  "manageParticipants", // change a participant's side or role, remove a participant
  "readCaucus", // read the private notes (内部备注) of one's own side
  "writeCaucus", // write them: not on a locked agreement
  "recordMeeting", // record or amend a meeting (协商会议) and its minutes
  "chair", // W-2 seats: may this participant chair a meeting
  "setWageArea", // choose the minimum-wage area the clause checks use (issue 13)
  "confirmTentativeAgreement", // W-2 (also confirms a meeting's minutes for one's side)
  "answerProposal", // 要约的回应 (集体合同规定第三十二条)
  "updateCoverage", // L-6
  "manageDelegations", // S-1: register or revoke a 委托 (delegation)
  "recordRatification", // S-2: record the 职代会/职工大会 vote
  "sign", // S-4: open the signing form; who signs in which slot is signingAuthority's question
  "recordFiling", // S-7: record the filing (报送审查) of a signed agreement
  "recordReview", // S-7: record the administration's answer and the publication
] as const;
/** The actions asked of the negotiation alone: the ones route guards check and abilitiesFor answers. */
export type NegotiationAction = (typeof NEGOTIATION_ACTIONS)[number];

/** What the rules read of a negotiation, built in one place (negotiationFacts). */
export interface NegotiationFacts {
  /** Signed by every required signatory: the text and most records are closed (S-4). */
  locked: boolean;
  mode: Mode;
  /** The side that made the 要约. */
  proposedBySide: BargainingSide;
  /** The 要约 has had its written answer. */
  answered: boolean;
}

/** The negotiation columns the facts come from. */
export interface NegotiationFactsSource {
  lockedAt: number | null;
  mode: Mode;
  proposedBySide: BargainingSide;
  answeredOn: string | null;
}

/** The facts of a stored negotiation: the one place `locked_at` becomes `locked`. */
export function negotiationFacts(negotiation: NegotiationFactsSource): NegotiationFacts {
  return { locked: negotiation.lockedAt !== null, mode: negotiation.mode, proposedBySide: negotiation.proposedBySide, answered: negotiation.answeredOn !== null };
}

/** The objects the rules about one thing look at, per action. */
export interface ActionTargets {
  /** `proposedBy` is the side that tabled the clause (for clauses that came with the draft: the side that made the 要约). */
  changeClauseStatus: { from: ClauseStatus; to: ClauseStatus; proposedBy: BargainingSide };
  /** `userId` is the one asking. */
  resolveComment: { authorId: string; userId: string };
  deleteCaucusNote: { authorId: string; side: BargainingSide; userId: string };
  manageSeat: { side: Side };
  openDraft: { draft: DraftKind };
  writeDraft: { draft: DraftKind };
  /** `representativesMayTable`: the side's chief has allowed its representatives to table (a per-side setting). */
  tableRound: { side: CaucusSide; representativesMayTable: boolean };
  manageCaucusDraft: { side: CaucusSide };
}
/**
 * The rules about one object — a clause's status change (W-4), a comment, a caucus note, a seat's
 * side, a draft, a side's tabling — asked with that object.
 */
export type ObjectAction = keyof ActionTargets;
export type Action = NegotiationAction | ObjectAction;
type TargetOf<A extends Action> = A extends ObjectAction ? [target: ActionTargets[A]] : [];

const EDITING_ROLES: ReadonlySet<Role> = new Set(["chief", "representative", "higher_union"]);
const NEGOTIATORS: ReadonlySet<Role> = EDITING_ROLES;

/** Either chief, or the higher-level union on the union side (S-1, S-2, S-7). */
const chiefOrHigherUnion = (m: Membership) => (m.role === "chief" && m.side !== "observer") || (m.role === "higher_union" && m.side === "union");

/** The side a member bargains for; legal advisers and observers bargain for nobody. */
export function actingSide(member: Membership | null): BargainingSide | null {
  if (!member || member.side === "observer" || !NEGOTIATORS.has(member.role)) return null;
  return member.side;
}

/**
 * W-2: a tentative agreement is confirmed for a side by its chief; under 上代下 the higher-level
 * union bargains on the union side's behalf, so it may confirm for that side too.
 */
function chiefLike(m: Membership, mode: Mode): boolean {
  if (m.role === "chief" && actingSide(m)) return true;
  return mode === "represent" && m.side === "union" && m.role === "higher_union";
}

/**
 * W-4: who may move a clause between statuses. 暂定一致 is reached only through a tentative
 * agreement both sides confirm, never by a status change.
 */
function mayChangeStatus(m: Membership, n: NegotiationFacts, change: ActionTargets["changeClauseStatus"]): boolean {
  const side = actingSide(m);
  if (n.locked || !side || change.from === change.to) return false;
  switch (change.to) {
    case "agreed":
    case "proposed":
      return false;
    case "withdrawn":
      // Only the side that tabled a clause may take it back.
      return change.from !== "agreed" && side === change.proposedBy;
    case "parked":
      return (change.from === "proposed" || change.from === "negotiating") && chiefLike(m, n.mode);
    case "negotiating":
      if (change.from === "proposed") return true; // taken up for negotiation by either side
      if (change.from === "parked") return chiefLike(m, n.mode);
      if (change.from === "withdrawn") return side === change.proposedBy; // tabled again
      return false;
  }
}

/**
 * Which seats a manager may fill, change or empty: each side appoints its own representatives
 * (集体合同规定第二十条、第二十一条), so a chief manages their own side, the higher-level union the
 * union side; either may seat observers.
 */
const SEATS_MANAGED: Partial<Record<Role, (m: Membership) => readonly Side[]>> = {
  chief: (m) => (m.side === "observer" ? [] : [m.side, "observer"]),
  higher_union: () => ["union", "observer"],
};

/** R-3: the live draft is every participant's; a side's private draft only that side's members'. */
const mayOpenDraft = (m: Membership, draft: DraftKind) => draft === "live" || m.side === draft;

type Rules = { [A in Action]: (m: Membership, n: NegotiationFacts, ...target: TargetOf<A>) => boolean };

const RULES: Rules = {
  read: () => true,
  edit: (m, n) => !n.locked && EDITING_ROLES.has(m.role),
  comment: (m, n) => !n.locked && m.side !== "observer",
  saveVersion: (m, n) => !n.locked && EDITING_ROLES.has(m.role),
  export: () => true,
  invite: (m, n) => !n.locked && (m.role === "chief" || m.role === "higher_union"),
  manageParticipants: (m, n) => !n.locked && (m.role === "chief" || m.role === "higher_union"),
  readCaucus: (m) => caucusSideOf(m) !== null,
  writeCaucus: (m, n) => !n.locked && m.side !== "observer",
  recordMeeting: (m, n) => !n.locked && m.side !== "observer" && EDITING_ROLES.has(m.role),
  // Who may chair a meeting: the chiefs (and, under 上代下, the higher-level union for the union side).
  chair: (m, n) => chiefLike(m, n.mode),
  setWageArea: (m, n) => !n.locked && m.role === "chief",
  confirmTentativeAgreement: (m, n) => !n.locked && chiefLike(m, n.mode),
  // 要约 (集体合同规定第三十二条): the side that did not make the proposal answers it in writing, by
  // its chief (under 上代下 the higher-level union may answer for the union side). Once.
  answerProposal: (m, n) => !n.answered && !n.locked && chiefLike(m, n.mode) && actingSide(m) !== n.proposedBySide,
  // L-6: the chiefs of either side and the higher-level union keep the coverage figures and the
  // last algorithm consultation current — on a signed agreement too, since coverage changes over
  // its term. Representatives, advisers and observers read them.
  updateCoverage: (m) => m.role === "chief" || m.role === "higher_union",
  // S-1: 委托 are registered and revoked by either chief or the higher-level union, never on a signed agreement.
  manageDelegations: (m, n) => !n.locked && chiefOrHigherUnion(m),
  // S-2: the 职代会/职工大会 result is recorded by either chief or the higher-level union, before signing.
  recordRatification: (m, n) => !n.locked && chiefOrHigherUnion(m),
  sign: (_m, n) => !n.locked,
  // S-7: filing (报送审查) and the review outcome are recorded after signing — the only records a
  // locked agreement still accepts. 集体合同规定第四十二条: the enterprise side files (its chief);
  // either chief or the higher-level union records what the administration answered.
  recordFiling: (m, n) => n.locked && m.role === "chief" && m.side === "enterprise",
  recordReview: (m, n) => n.locked && chiefOrHigherUnion(m),
  changeClauseStatus: mayChangeStatus,
  // Resolving or reopening a comment thread: its author, or a chief (the chair of the talks).
  resolveComment: (m, n, c) => RULES.comment(m, n) && (c.authorId === c.userId || m.role === "chief"),
  // A caucus note is removed only by its author, on their own side, while the agreement is open.
  deleteCaucusNote: (m, n, note) => RULES.writeCaucus(m, n) && caucusSideOf(m) === note.side && note.authorId === note.userId,
  manageSeat: (m, n, seat) => RULES.invite(m, n) && (SEATS_MANAGED[m.role]?.(m) ?? []).includes(seat.side),
  openDraft: (m, _n, d) => mayOpenDraft(m, d.draft),
  // writing a document needs the editing role and, for a private draft, a seat on its side.
  writeDraft: (m, n, d) => mayOpenDraft(m, d.draft) && RULES.edit(m, n),
  // who tables a side's private draft: its chief (under 上代下 the higher-level union for the
  // union side, as for TAs, W-2), or a representative when the chief allowed it.
  tableRound: (m, n, t) => !n.locked && m.side === t.side && (chiefLike(m, n.mode) || (t.representativesMayTable && m.role === "representative")),
  // the chief resets the side's private draft to the live draft, and decides whether representatives may table.
  manageCaucusDraft: (m, n, t) => !n.locked && m.side === t.side && chiefLike(m, n.mode),
};

/** `membership` is null when the user takes no part in the negotiation: then nothing is allowed. */
export function can<A extends Action>(membership: Membership | null, action: A, facts: NegotiationFacts, ...target: TargetOf<A>): boolean {
  if (!membership) return false;
  return (RULES[action] as (m: Membership, n: NegotiationFacts, ...t: TargetOf<A>) => boolean)(membership, facts, ...target);
}

export type Abilities = Record<NegotiationAction, boolean>;

/** Every NegotiationAction for this seat, handed to each loader so the UI offers what the server allows. */
export function abilitiesFor(membership: Membership | null, negotiation: NegotiationFacts): Abilities {
  return Object.fromEntries(NEGOTIATION_ACTIONS.map((a) => [a, can(membership, a, negotiation)])) as Abilities;
}

/** The sides on which a manager may fill, change or empty seats (the `manageSeat` rule, per side). */
export function seatsManagedBy(membership: Membership | null, negotiation: NegotiationFacts): readonly Side[] {
  return SIDES.filter((side) => can(membership, "manageSeat", negotiation, { side }));
}

/**
 * Why `action` is refused, for the message the user sees: "locked" when the seat could do it
 * before signing, "role" otherwise, null when allowed.
 */
export function refusalReason(membership: Membership | null, action: NegotiationAction, negotiation: NegotiationFacts): "notParticipant" | "locked" | "role" | null {
  if (!membership) return "notParticipant";
  if (can(membership, action, negotiation)) return null;
  return negotiation.locked && can(membership, action, { ...negotiation, locked: false }) ? "locked" : "role";
}

/** Why an editor is read-only, for the message the user sees. */
export function readOnlyReason(membership: Membership | null, negotiation: NegotiationFacts): "locked" | "role" | null {
  if (negotiation.locked) return "locked";
  if (!can(membership, "edit", negotiation)) return "role";
  return null;
}

/**
 * The side whose private notes and private draft a member reads and writes; observers (and
 * non-members) have none. Every caucus query takes this side, so the other side's rows are never
 * selected at all.
 */
export function caucusSideOf(member: Membership | null): BargainingSide | null {
  return member && member.side !== "observer" ? member.side : null;
}

/**
 * Both chiefs confirm a meeting's minutes (集体合同规定第三十四条 (check): minutes signed by both chief
 * representatives). Same seats as a tentative agreement (W-2). Answers the side the confirmation counts for.
 */
export function minutesConfirmationSide(member: Membership | null, negotiation: NegotiationFacts): BargainingSide | null {
  return can(member, "confirmTentativeAgreement", negotiation) ? actingSide(member) : null;
}

/**
 * Who may make a 要约 (start a negotiation): someone who belongs to a party that bargains — a
 * union or an enterprise (集体合同规定第三十二条). An account-level question (there is no
 * negotiation yet, so no seat and no facts), beside the admin table: administrators manage the
 * system and take part in no negotiation; the labour administration observes.
 */
export function canStartNegotiation(user: { isAdmin: boolean }, organisationKind: string | null): boolean {
  return !user.isAdmin && (organisationKind === "union" || organisationKind === "enterprise");
}
