import type { Membership, Role, Side } from "../../shared/roles";

export type { Membership };

/**
 * The one place that decides who may do what in a negotiation (docs/style.md convention 2). Loaders,
 * actions, exports and the collaboration server all ask `can()`; the UI receives the same
 * answers through `abilitiesFor()` and only shows the buttons they allow.
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
  "setWageArea", // choose the minimum-wage area the clause checks use (issue 13)
  "manageDelegations", // S-1: register or revoke a 委托 (delegation)
  "recordRatification", // S-2: record the 职代会/职工大会 vote
  "sign", // S-4: open the signing form; who signs in which slot is signingAuthority's question
  "recordFiling", // S-7: record the filing (报送审查) of a signed agreement
  "recordReview", // S-7: record the administration's answer and the publication
] as const;
export type NegotiationAction = (typeof NEGOTIATION_ACTIONS)[number];

/** What the rules read of a negotiation, built in one place (negotiationFacts). */
export interface NegotiationFacts {
  /** Signed by every required signatory: the text and most records are closed (S-4). */
  locked: boolean;
}

/** The facts of a stored negotiation: the one place `locked_at` becomes `locked`. */
export function negotiationFacts(negotiation: { lockedAt: number | null }): NegotiationFacts {
  return { locked: negotiation.lockedAt !== null };
}

const EDITING_ROLES: ReadonlySet<Role> = new Set(["chief", "representative", "higher_union"]);

/** Either chief, or the higher-level union on the union side (S-1, S-2, S-7). */
const chiefOrHigherUnion = (m: Membership) => (m.role === "chief" && m.side !== "observer") || (m.role === "higher_union" && m.side === "union");

type Rule = (m: Membership, n: NegotiationFacts) => boolean;

const RULES: Record<NegotiationAction, Rule> = {
  read: () => true,
  edit: (m, n) => !n.locked && EDITING_ROLES.has(m.role),
  comment: (m, n) => !n.locked && m.side !== "observer",
  saveVersion: (m, n) => !n.locked && EDITING_ROLES.has(m.role),
  export: () => true,
  invite: (m, n) => !n.locked && (m.role === "chief" || m.role === "higher_union"),
  manageParticipants: (m, n) => !n.locked && (m.role === "chief" || m.role === "higher_union"),
  readCaucus: (m) => m.side !== "observer",
  writeCaucus: (m, n) => !n.locked && m.side !== "observer",
  recordMeeting: (m, n) => !n.locked && m.side !== "observer" && EDITING_ROLES.has(m.role),
  setWageArea: (m, n) => !n.locked && m.role === "chief",
  manageDelegations: (m, n) => !n.locked && chiefOrHigherUnion(m),
  recordRatification: (m, n) => !n.locked && chiefOrHigherUnion(m),
  sign: (_m, n) => !n.locked,
  // 集体合同规定第四十二条: the enterprise side files; the records a locked agreement still accepts.
  recordFiling: (m, n) => n.locked && m.role === "chief" && m.side === "enterprise",
  recordReview: (m, n) => n.locked && chiefOrHigherUnion(m),
};

/** `membership` is null when the user takes no part in the negotiation: then nothing is allowed. */
export function can(membership: Membership | null, action: NegotiationAction, negotiation: NegotiationFacts): boolean {
  if (!membership) return false;
  return RULES[action](membership, negotiation);
}

export type Abilities = Record<NegotiationAction, boolean>;

export function abilitiesFor(membership: Membership | null, negotiation: NegotiationFacts): Abilities {
  return Object.fromEntries(NEGOTIATION_ACTIONS.map((a) => [a, can(membership, a, negotiation)])) as Abilities;
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

export function seatsManagedBy(membership: Membership | null, negotiation: NegotiationFacts): readonly Side[] {
  if (!membership || !can(membership, "invite", negotiation)) return [];
  return SEATS_MANAGED[membership.role]?.(membership) ?? [];
}

/** May `membership` seat someone on `side` (invite), or change or remove a seat on `side`? */
export function canManageSeat(membership: Membership | null, side: Side, negotiation: NegotiationFacts): boolean {
  return seatsManagedBy(membership, negotiation).includes(side);
}

/** Why an editor is read-only, for the message the user sees. */
export function readOnlyReason(membership: Membership | null, negotiation: NegotiationFacts): "locked" | "role" | null {
  if (negotiation.locked) return "locked";
  if (!can(membership, "edit", negotiation)) return "role";
  return null;
}

/**
 * Who may make a 要约 (start a negotiation): someone who belongs to a party that bargains — a
 * union or an enterprise (集体合同规定第三十二条). Administrators manage the system and take part in
 * no negotiation; the labour administration observes.
 */
export function canStartNegotiation(user: { isAdmin: boolean }, organisationKind: string | null): boolean {
  return !user.isAdmin && (organisationKind === "union" || organisationKind === "enterprise");
}
