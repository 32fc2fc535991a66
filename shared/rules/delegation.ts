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
import type { RefusalText } from "../i18n/refusals";

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

export type DelegationCheck = { ok: true } | { ok: false; code: DelegationFailureCode; text: RefusalText };

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

/** A refusal in the one catalogue (shared/i18n/refusals.ts): a code and its words. */
function fail(code: DelegationFailureCode, text: RefusalText): DelegationCheck {
  return { ok: false, code, text };
}

/**
 * Whether `delegation` may be used on `context.on` in `context.negotiationId`. Checks in order:
 * scope (negotiation, bargaining union), revocation, validity period, the organisations and the
 * direction in the tree; returns the first failure.
 */
export function delegationUsable(delegation: Delegation, context: DelegationContext): DelegationCheck {
  const { kind, fromOrgId, toOrgId } = delegation;
  if (delegation.negotiationId !== context.negotiationId) {
    return fail("out_of_scope", { key: "delegationRule.otherNegotiation" });
  }
  if (context.bargainingUnionId !== undefined) {
    const concernsUnion =
      kind === "participate"
        ? fromOrgId === context.bargainingUnionId
        : fromOrgId === context.bargainingUnionId || toOrgId === context.bargainingUnionId;
    if (!concernsUnion) {
      return fail("out_of_scope", { key: "delegationRule.otherUnion" });
    }
  }

  const on = toDayNumber(context.on);
  if (delegation.revokedAt != null && toDayNumber(delegation.revokedAt.slice(0, 10)) <= on) {
    return fail("revoked", { key: "delegationRule.revoked", params: { on: delegation.revokedAt.slice(0, 10) } });
  }
  const from = toDayNumber(delegation.validFrom);
  const to = toDayNumber(delegation.validTo);
  if (from > to) {
    return fail("invalid_period", { key: "delegationRule.invalidPeriod" });
  }
  if (on < from) {
    return fail("not_yet_valid", { key: "delegationRule.notYetValid", params: { from: delegation.validFrom } });
  }
  if (on > to) {
    return fail("expired", { key: "delegationRule.expired", params: { to: delegation.validTo } });
  }

  const index = toIndex(context.tree);
  const delegator = index.get(fromOrgId);
  const delegate = index.get(toOrgId);
  if (!delegator || !delegate) {
    return fail("unknown_org", { key: "delegationRule.unknownOrg" });
  }
  if (delegate.kind !== "union") {
    return fail("delegate_not_union", { key: "delegationRule.delegateNotUnion" });
  }

  if (kind === "represent") {
    if (delegator.kind === "enterprise") {
      return fail("invalid_delegator", { key: "delegationRule.representDelegator" });
    }
    if (!isAncestor(index, toOrgId, fromOrgId)) {
      return fail("wrong_direction", { key: "delegationRule.representDirection" });
    }
    return { ok: true };
  }

  // 上参下: the participant must be above the bargaining union.
  if (delegator.kind !== "union") {
    return fail("invalid_delegator", { key: "delegationRule.participateDelegator" });
  }
  const bargainingUnionId = context.bargainingUnionId ?? fromOrgId;
  if (!isAncestor(index, toOrgId, bargainingUnionId)) {
    return fail("wrong_direction", { key: "delegationRule.participateDirection" });
  }
  return { ok: true };
}
