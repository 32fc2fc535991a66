import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { findMembership, findNegotiation, type NegotiationRow } from "../db/queries/negotiations";
import { SESSION_COOKIE, userForSession, type SessionUser } from "../server/auth/sessions";
import { readCookie } from "../server/http/cookies";
import { abilitiesFor, can, type Abilities, type Membership, type NegotiationAction } from "../server/policies/negotiation";
import { RECORD_ID_PATTERN } from "../shared/agreement";

/**
 * Guards throw responses (Epic Stack): pages redirect to sign-in, JSON endpoints answer 401; a
 * malformed or unknown id is 404, a negotiation one takes no part in is 403.
 */
export function currentUser(request: Request, context: AppLoadContext): SessionUser | null {
  return userForSession(context.db, readCookie(request.headers.get("Cookie"), SESSION_COOKIE), context.env.sessionSecret);
}

export function requireUser(request: Request, context: AppLoadContext, kind: "page" | "api" = "page"): SessionUser {
  const user = currentUser(request, context);
  if (user) return user;
  if (kind === "api") throw json({ error: "unauthorised", message: "请先登录 (sign in first)" }, { status: 401 });
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export function requireAdmin(request: Request, context: AppLoadContext): SessionUser {
  const user = requireUser(request, context);
  if (!user.isAdmin) throw json({ error: "forbidden", message: "仅系统管理员可以访问 (administrators only)" }, { status: 403 });
  return user;
}


export interface NegotiationAccess {
  user: SessionUser;
  negotiation: NegotiationRow;
  membership: Membership;
  abilities: Abilities;
}

/** Loads a negotiation the user takes part in and checks `action` through the policy module. */
export function requireNegotiation(
  request: Request,
  context: AppLoadContext,
  id: string | undefined,
  action: NegotiationAction = "read",
  kind: "page" | "api" = "page",
): NegotiationAccess {
  const user = requireUser(request, context, kind);
  if (!id || !RECORD_ID_PATTERN.test(id)) throw json({ error: "not_found", message: "协商不存在 (no such negotiation)" }, { status: 404 });
  const negotiation = findNegotiation(context.db, id);
  if (!negotiation) throw json({ error: "not_found", message: "协商不存在 (no such negotiation)" }, { status: 404 });
  const membership = findMembership(context.db, id, user.id);
  const facts = { locked: negotiation.lockedAt !== null };
  if (!can(membership, action, facts)) {
    const message = membership ? "您的角色不能执行此操作 (your role may not do this)" : "您不是该协商的参与者 (not a participant)";
    throw json({ error: "forbidden", message }, { status: 403 });
  }
  return { user, negotiation, membership: membership!, abilities: abilitiesFor(membership, facts) };
}
