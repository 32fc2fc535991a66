/**
 * Whether a delegation between organisations may be used today (上代下 and 上参下).
 *
 * - 上代下 (`represent`, the higher level acts for the lower): where workers have no grassroots union,
 *   or it cannot bargain, a higher-level union bargains and signs on their behalf (劳动合同法第五十一条:
 *   without a union, representatives elected under the higher-level union's guidance sign;
 *   集体合同规定第二十条). Such a delegation always goes upward: `toOrgId` (the delegate) is an
 *   ancestor of `fromOrgId` (the delegator), and the delegate is a union.
 * - 上参下 (`participate`, the higher level takes part in the lower): the grassroots union bargains and
 *   signs itself; the higher-level union takes part (guides, witnesses, co-signs). `toOrgId` (the
 *   participant) must be a union and an ancestor of the bargaining union, `fromOrgId` (the inviting
 *   union, which is the bargaining union).
 *
 * The covered workers' assembly (kind `assembly`, 职工大会 where no union exists) sits in the tree
 * under the organisation whose workers it gathers (an enterprise, or the union that convened it,
 * 劳动合同法第五十一条 "在上级工会指导下"). It may delegate under 上代下 to any union that is an
 * ancestor of the assembly — its parent when the parent is a union, or any union above its parent;
 * never to an enterprise. Only a union or an assembly may delegate; only a union may receive.
 */
import { toDayNumber, type CalendarDate } from "./deadlines";

/** The kinds of organisation in the tree; the labour administration (authority) is a kind too. */
export type OrgKind = "union" | "enterprise" | "assembly" | "authority";

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgKind;
}

/** The organisations as a list (any order) or as a map by id. */
export type OrgTree = readonly OrgNode[] | ReadonlyMap<string, OrgNode>;

export type DelegationKind = "represent" | "participate";

export interface Delegation {
  /** represent: 上代下; participate: 上参下. */
  kind: DelegationKind;
  /** The delegator (上代下) or the bargaining union that invites (上参下). */
  fromOrgId: string;
  /** The higher-level union that acts (上代下) or takes part (上参下). */
  toOrgId: string;
  negotiationId: string;
  /** First day of validity, inclusive. */
  validFrom: CalendarDate;
  /** Last day of validity, inclusive. */
  validTo: CalendarDate;
  /** The date (or ISO timestamp; its date part counts) from which the delegation is revoked. */
  revokedAt?: string | null;
}

export interface DelegationContext {
  tree: OrgTree;
  negotiationId: string;
  on: CalendarDate;
  /** The union whose agreement is being made; when given, the delegation must concern it. */
  bargainingUnionId?: string;
}

export type DelegationFailureCode =
  | "out_of_scope"
  | "revoked"
  | "invalid_period"
  | "not_yet_valid"
  | "expired"
  | "unknown_org"
  | "invalid_delegator"
  | "delegate_not_union"
  | "wrong_direction";

export type DelegationCheck = { ok: true } | { ok: false; code: DelegationFailureCode; messageZh: string; messageEn: string };

function toIndex(tree: OrgTree): ReadonlyMap<string, OrgNode> {
  if (tree instanceof Map) return tree;
  return new Map((tree as readonly OrgNode[]).map((node) => [node.id, node]));
}

/**
 * True when `ancestorId` is a strict ancestor of `descendantId` (a node is not its own ancestor).
 * Unknown ids give false; a cycle in the data ends the walk instead of looping.
 */
export function isAncestor(tree: OrgTree, ancestorId: string, descendantId: string): boolean {
  const index = toIndex(tree);
  const visited = new Set<string>();
  let current = index.get(descendantId);
  while (current && current.parentId !== null && !visited.has(current.id)) {
    visited.add(current.id);
    if (current.parentId === ancestorId) return true;
    current = index.get(current.parentId);
  }
  return false;
}

function fail(code: DelegationFailureCode, messageZh: string, messageEn: string): DelegationCheck {
  return { ok: false, code, messageZh, messageEn };
}

/**
 * Whether `delegation` may be used on `context.on` in `context.negotiationId`. Checks in order:
 * scope (negotiation, bargaining union), revocation, validity period, the organisations and the
 * direction in the tree; returns the first failure.
 */
export function delegationUsable(delegation: Delegation, context: DelegationContext): DelegationCheck {
  const { kind, fromOrgId, toOrgId } = delegation;
  if (delegation.negotiationId !== context.negotiationId) {
    return fail("out_of_scope", "该委托不适用于本次协商。", "This delegation was not given for this negotiation.");
  }
  if (context.bargainingUnionId !== undefined) {
    const concernsUnion =
      kind === "participate"
        ? fromOrgId === context.bargainingUnionId
        : fromOrgId === context.bargainingUnionId || toOrgId === context.bargainingUnionId;
    if (!concernsUnion) {
      return fail("out_of_scope", "该委托与本次协商的工会无关。", "This delegation does not concern the union that is bargaining.");
    }
  }

  const on = toDayNumber(context.on);
  if (delegation.revokedAt != null && toDayNumber(delegation.revokedAt.slice(0, 10)) <= on) {
    return fail("revoked", `该委托已于 ${delegation.revokedAt.slice(0, 10)} 撤销。`, `This delegation was revoked on ${delegation.revokedAt.slice(0, 10)}.`);
  }
  const from = toDayNumber(delegation.validFrom);
  const to = toDayNumber(delegation.validTo);
  if (from > to) {
    return fail("invalid_period", "委托的有效期起始日期晚于终止日期。", "The delegation's validity starts after it ends.");
  }
  if (on < from) {
    return fail("not_yet_valid", `该委托自 ${delegation.validFrom} 起生效。`, `This delegation is valid only from ${delegation.validFrom}.`);
  }
  if (on > to) {
    return fail("expired", `该委托已于 ${delegation.validTo} 到期。`, `This delegation expired on ${delegation.validTo}.`);
  }

  const index = toIndex(context.tree);
  const delegator = index.get(fromOrgId);
  const delegate = index.get(toOrgId);
  if (!delegator || !delegate) {
    return fail("unknown_org", "委托涉及的组织不存在。", "An organisation named in the delegation does not exist.");
  }
  if (delegate.kind !== "union") {
    return fail("delegate_not_union", "受托方必须是上级工会。", "The delegate must be a higher-level union.");
  }

  if (kind === "represent") {
    if (delegator.kind === "enterprise") {
      return fail("invalid_delegator", "上代下的委托方必须是基层工会或职工大会。", "Under 上代下 only a grassroots union or the workers' assembly can delegate.");
    }
    if (!isAncestor(index, toOrgId, fromOrgId)) {
      return fail("wrong_direction", "上代下只能委托给委托方的上级工会。", "Under 上代下 the delegate must be a union above the delegator.");
    }
    return { ok: true };
  }

  // 上参下: the participant must be above the bargaining union.
  if (delegator.kind !== "union") {
    return fail("invalid_delegator", "上参下中开展协商的一方必须是工会。", "Under 上参下 the bargaining party must be a union.");
  }
  const bargainingUnionId = context.bargainingUnionId ?? fromOrgId;
  if (!isAncestor(index, toOrgId, bargainingUnionId)) {
    return fail("wrong_direction", "上参下的参与方必须是开展协商的工会的上级工会。", "Under 上参下 the participant must be a union above the bargaining union.");
  }
  return { ok: true };
}
