import type { Mode } from "~/shared/roles";
import { delegationUsable, type DelegationFailureCode, type OrgTree } from "~/shared/rules/delegation";
import type { CalendarDate } from "~/shared/rules/deadlines";
import type { RefusalText } from "~/shared/i18n/refusals";
import { SLOT_SIDE, type RecordedDelegation, type SignatureSlot } from "~/shared/signatures";
import type { Membership } from "./negotiation";

export { SLOT_SIDE, type RecordedDelegation, type SignatureSlot };

/**
 * Delegations, ratification, signing and the post-signing records (docs/SPEC.md S-1…S-8): part of
 * the one policy module. Who may manage delegations and record the vote, the filing and the review
 * are rules of ./negotiation.ts (`can`); this module decides the signature itself: which slot a
 * seat signs in and on which delegation, as pure functions of the seat and the signing facts.
 */

/** The signatures an agreement needs, by mode (S-4; 集体合同规定第三十七条, 劳动合同法第五十一条). */
export const REQUIRED_SIGNATURES: Record<Mode, readonly SignatureSlot[]> = {
  standard: ["union_chief", "enterprise_chief"],
  represent: ["enterprise_chief", "union_delegate"],
  participate: ["union_chief", "enterprise_chief", "participant"],
};

export const SLOT_LABELS: Record<SignatureSlot, { zh: string; en: string }> = {
  union_chief: { zh: "工会方首席代表", en: "Union side's chief representative" },
  enterprise_chief: { zh: "企业方首席代表", en: "Enterprise side's chief representative" },
  union_delegate: { zh: "受托上级工会(上代下)", en: "Delegate higher-level union (上代下)" },
  participant: { zh: "参与的上级工会(上参下)", en: "Participating higher-level union (上参下)" },
};

export type SigningRefusalCode =
  | "locked"
  | "not_signatory"
  | "already_signed"
  | "no_organisation"
  | "no_delegation"
  | DelegationFailureCode;

export interface SigningFacts {
  mode: Mode;
  negotiationId: string;
  /** The union that bargains (negotiations.union_org_id). */
  unionOrgId: string;
  locked: boolean;
  /** Slots already signed. */
  signedSlots: readonly SignatureSlot[];
  delegations: readonly RecordedDelegation[];
  tree: OrgTree;
  /** Today's date in China (UTC+8): authority is judged at the moment of signing. */
  today: CalendarDate;
}

export interface Signer extends Membership {
  organisationId: string | null;
}

export type SigningAuthority =
  | { ok: true; slot: SignatureSlot; delegation: RecordedDelegation | null }
  | { ok: false; code: SigningRefusalCode; text: RefusalText };

/** A refusal in the one catalogue (shared/i18n/refusals.ts): a code and its words, rendered by the page. */
function refuse(code: SigningRefusalCode, text: RefusalText): SigningAuthority {
  return { ok: false, code, text };
}

/** The slot a seat would sign in under `mode`, or null when the seat signs nothing. */
export function slotFor(member: Membership, mode: Mode): SignatureSlot | null {
  if (member.role === "chief" && member.side === "enterprise") return "enterprise_chief";
  if (member.role === "chief" && member.side === "union") return mode === "represent" ? null : "union_chief";
  if (member.role === "higher_union" && member.side === "union") {
    if (mode === "represent") return "union_delegate";
    if (mode === "participate") return "participant";
  }
  return null;
}

/**
 * S-5: may `signer` sign now, and in which slot, on which delegation? Checked by the server at the
 * moment of signing. Under 上代下 the delegate union's signatory needs a delegation of kind
 * `represent` to their own organisation that is usable today (delegationUsable: in scope, unrevoked,
 * inside its validity, upward in the tree); under 上参下 the participant needs one of kind
 * `participate`. When several delegations name the signer's organisation, the first usable one is
 * taken; when none is usable, the refusal of the first one is given (callers list newest first).
 */
export function signingAuthority(signer: Signer, facts: SigningFacts): SigningAuthority {
  if (facts.locked) return refuse("locked", { key: "signing.locked" });
  const slot = slotFor(signer, facts.mode);
  if (!slot) {
    if (signer.role === "chief" && signer.side === "union" && facts.mode === "represent") {
      return refuse("not_signatory", { key: "signing.chiefUnderRepresent" });
    }
    return refuse("not_signatory", { key: "signing.notSignatory" });
  }
  if (facts.signedSlots.includes(slot)) return refuse("already_signed", { key: "signing.alreadySigned" });
  if (slot !== "union_delegate" && slot !== "participant") return { ok: true, slot, delegation: null };

  if (!signer.organisationId) return refuse("no_organisation", { key: "signing.noOrganisation" });
  const kind = slot === "union_delegate" ? "represent" : "participate";
  const candidates = facts.delegations.filter((d) => d.kind === kind && d.toOrgId === signer.organisationId);
  if (candidates.length === 0) {
    return kind === "represent"
      ? refuse("no_delegation", { key: "signing.noRepresentDelegation" })
      : refuse("no_delegation", { key: "signing.noParticipateDelegation" });
  }
  let lastFailure: SigningAuthority | null = null;
  for (const delegation of candidates) {
    const check = delegationUsable(delegation, { tree: facts.tree, negotiationId: facts.negotiationId, on: facts.today, bargainingUnionId: facts.unionOrgId });
    if (check.ok) return { ok: true, slot, delegation };
    lastFailure ??= refuse(check.code, { key: "signing.delegationUnusable", params: { letterNo: delegation.letterNo, reason: check.text } });
  }
  return lastFailure!;
}

/** Slots still missing; the agreement is signed when this is empty. */
export function missingSignatures(mode: Mode, signedSlots: readonly SignatureSlot[]): SignatureSlot[] {
  return REQUIRED_SIGNATURES[mode].filter((slot) => !signedSlots.includes(slot));
}
