/** Sides and roles of a negotiation's participants, with their labels (docs/domain.md: who bargains). */
export const SIDES = ["union", "enterprise", "observer"] as const;
export type Side = (typeof SIDES)[number];
/** The two sides that bargain (observers sit on neither). */
export type BargainingSide = Exclude<Side, "observer">;

export const ROLES = ["chief", "representative", "legal_adviser", "higher_union", "observer"] as const;
export type Role = (typeof ROLES)[number];

/** A participant's seat in one negotiation: what the policy module and the membership query speak of. */
export interface Membership {
  side: Side;
  role: Role;
}

export const SIDE_LABELS: Record<Side, { zh: string; en: string }> = {
  union: { zh: "工会方", en: "Union side" },
  enterprise: { zh: "企业方", en: "Enterprise side" },
  observer: { zh: "观察员", en: "Observer" },
};

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  chief: { zh: "首席代表", en: "Chief representative" },
  representative: { zh: "协商代表", en: "Representative" },
  legal_adviser: { zh: "法律顾问", en: "Legal adviser" },
  higher_union: { zh: "上级工会", en: "Higher-level union" },
  observer: { zh: "观察员", en: "Observer" },
};

export const MODES = ["standard", "represent", "participate"] as const;
export type Mode = (typeof MODES)[number];
export const MODE_LABELS: Record<Mode, { zh: string; en: string }> = {
  standard: { zh: "标准", en: "Standard" },
  represent: { zh: "上代下", en: "Higher level acts for lower" },
  participate: { zh: "上参下", en: "Higher level takes part" },
};

export const SCOPES = ["enterprise", "sector", "regional"] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_LABELS: Record<Scope, { zh: string; en: string }> = {
  enterprise: { zh: "企业", en: "Enterprise" },
  sector: { zh: "行业性", en: "Sector-wide" },
  regional: { zh: "区域性", en: "Regional" },
};

/** Which roles a side may hold: observers sit on no bargaining side. */
export function roleFitsSide(side: Side, role: Role): boolean {
  if (side === "observer") return role === "observer";
  if (role === "observer") return false;
  if (role === "higher_union") return side === "union";
  return true;
}
