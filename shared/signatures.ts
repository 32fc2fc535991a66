import type { Delegation } from "./rules/delegation";

/**
 * The signature slots of an agreement and how a stored sign-off maps onto them (docs/SPEC.md S-4;
 * 集体合同规定第三十七条). Shared by the signing policy and the sign-off queries, so the mapping from
 * slot to stored side and back is written once.
 */
export const SIGNATURE_SLOTS = ["union_chief", "enterprise_chief", "union_delegate", "participant"] as const;
export type SignatureSlot = (typeof SIGNATURE_SLOTS)[number];

/** The side a sign-off is stored under (sign_offs.side). */
export type SignOffSide = "union" | "enterprise" | "participant";

/** The side a slot's signature is stored under (sign_offs.side). */
export const SLOT_SIDE: Record<SignatureSlot, SignOffSide> = {
  union_chief: "union",
  enterprise_chief: "enterprise",
  union_delegate: "union",
  participant: "participant",
};

/**
 * The slot a stored signature fills: SLOT_SIDE read backwards. Only the union side has two slots;
 * the delegate's (上代下) rests on a delegation, the chief's does not.
 */
export function slotOfSignOff(row: { side: SignOffSide; delegationId: string | null }): SignatureSlot {
  const slots = SIGNATURE_SLOTS.filter((slot) => SLOT_SIDE[slot] === row.side);
  if (slots.length === 1) return slots[0]!;
  return row.delegationId ? "union_delegate" : "union_chief";
}

/** A registered 委托书 as the signing rules read it. */
export interface RecordedDelegation extends Delegation {
  id: string;
  letterNo: string;
}
