/**
 * Who may administer the system (organisations, accounts): declarative, beside the negotiation
 * policy. Administrators take part in no negotiation; they keep the tree and the accounts.
 */
export const ADMIN_ACTIONS = ["manageOrganisations", "manageAccounts", "manageMinimumWages"] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export interface AdminActor {
  id: string;
  isAdmin: boolean;
}

const RULES: Record<AdminAction, (actor: AdminActor) => boolean> = {
  manageOrganisations: (actor) => actor.isAdmin,
  manageAccounts: (actor) => actor.isAdmin,
  // Minimum-wage rounds are system data every negotiation checks against (issue 13).
  manageMinimumWages: (actor) => actor.isAdmin,
};

export function canAdminister(actor: AdminActor | null, action: AdminAction): boolean {
  return actor !== null && RULES[action](actor);
}

export const ACCOUNT_CHANGES = ["resetPassword", "disable", "enable"] as const;
export type AccountChange = (typeof ACCOUNT_CHANGES)[number];

/**
 * Changes to one account. An administrator may not disable their own account (the system would
 * be left without the one who could enable it again); everything else follows manageAccounts.
 */
const ACCOUNT_RULES: Record<AccountChange, (actor: AdminActor, targetId: string) => boolean> = {
  resetPassword: () => true,
  disable: (actor, targetId) => actor.id !== targetId,
  enable: () => true,
};

export function canChangeAccount(actor: AdminActor | null, change: AccountChange, targetId: string): boolean {
  return canAdminister(actor, "manageAccounts") && ACCOUNT_RULES[change](actor!, targetId);
}
