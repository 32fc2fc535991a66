import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { findMembership, findNegotiation, type NegotiationRow } from "~/db/queries/negotiations";
import { SESSION_COOKIE, userForSession, type SessionUser } from "~/server/auth/sessions";
import { readCookie } from "~/server/http/cookies";
import { abilitiesFor, can, negotiationFacts, refusalReason, type Abilities, type Membership, type NegotiationAction, type NegotiationFacts } from "~/server/policies/negotiation";
import { RECORD_ID_PATTERN } from "~/shared/agreement";
import type { Lang } from "~/shared/i18n/format";
import { refusalText, type RefusalKey } from "~/shared/i18n/refusals";
import { langOf } from "./i18n/lang.server";

/** A guard's JSON refusal, in the user's language. */
function refusal(request: Request, status: number, error: string, key: RefusalKey) {
  return json({ error, message: refusalText(langOf(request), { key }) }, { status });
}

/**
 * Guards throw responses (Epic Stack): pages redirect to sign-in, JSON endpoints answer 401; a
 * malformed or unknown id is 404, a negotiation one takes no part in is 403.
 */
export async function currentUser(request: Request, context: AppLoadContext): Promise<SessionUser | null> {
  return await userForSession(context.driver.db, readCookie(request.headers.get("Cookie"), SESSION_COOKIE), context.env.sessionSecret);
}

export async function requireUser(request: Request, context: AppLoadContext, kind: "page" | "api" = "page"): Promise<SessionUser> {
  const user = await currentUser(request, context);
  if (user) return user;
  if (kind === "api") throw refusal(request, 401, "unauthorised", "request.signInFirst");
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function requireAdmin(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!user.isAdmin) throw refusal(request, 403, "forbidden", "admin.only");
  return user;
}


export interface NegotiationAccess {
  user: SessionUser;
  negotiation: NegotiationRow;
  membership: Membership;
  /** The negotiation's facts as the policy reads them (negotiationFacts). */
  facts: NegotiationFacts;
  abilities: Abilities;
  /** The request's language (the ts_lang switch), for the messages a page's server part renders. */
  lang: Lang;
}

/** Loads a negotiation the user takes part in and checks `action` through the policy module. */
export async function requireNegotiation(
  request: Request,
  context: AppLoadContext,
  id: string | undefined,
  action: NegotiationAction = "read",
  kind: "page" | "api" = "page",
): Promise<NegotiationAccess> {
  const user = await requireUser(request, context, kind);
  if (!id || !RECORD_ID_PATTERN.test(id)) throw refusal(request, 404, "not_found", "request.noSuchNegotiation");
  const negotiation = await findNegotiation(context.driver.db, id);
  if (!negotiation) throw refusal(request, 404, "not_found", "request.noSuchNegotiation");
  const membership = await findMembership(context.driver.db, id, user.id);
  const facts = negotiationFacts(negotiation);
  if (!can(membership, action, facts)) {
    // A seat that could do this before signing is told the agreement is locked, not that its role may not.
    const key = ({ notParticipant: "request.notParticipant", locked: "request.lockedMayNot", role: "request.roleMayNot" } as const)[refusalReason(membership, action, facts) ?? "role"];
    throw refusal(request, 403, "forbidden", key);
  }
  return { user, negotiation, membership: membership!, facts, abilities: abilitiesFor(membership, facts), lang: langOf(request) };
}
