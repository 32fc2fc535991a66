import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Db } from "~/db/client";
import { findMembership, findNegotiation } from "~/db/queries/negotiations";
import { COLLAB_PATH } from "~/shared/collab/protocol";
import { SESSION_COOKIE, userForSession, type SessionUser } from "../auth/sessions";
import { readCookie } from "../http/cookies";
import { isCrossOrigin } from "../http/origin";
import { can, negotiationFacts, type Membership, type NegotiationFacts } from "../policies/negotiation";
import { parseDocumentName, type DraftKind } from "~/shared/collab/documentName";

export type UpgradeVerdict =
  | { ok: true; negotiationId: string; draft: DraftKind; documentKey: string; user: SessionUser; membership: Membership; facts: NegotiationFacts; sessionToken: string }
  | { ok: false; status: 400 | 401 | 403 | 404; message: string };


/**
 * Decides an upgrade request before any WebSocket exists: origin, session, negotiation,
 * participation, and for a side's private draft (`<id>~<side>`) a seat on that side.
 */
export async function authoriseUpgrade(req: IncomingMessage, db: Db, sessionSecret: string): Promise<UpgradeVerdict> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const prefix = `${COLLAB_PATH}/`;
  if (!url.pathname.startsWith(prefix)) return { ok: false, status: 404, message: "Not found" };
  let documentKey: string;
  try {
    documentKey = decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    return { ok: false, status: 400, message: "Bad negotiation id" };
  }
  if (isCrossOrigin(req.headers, req.socket.remoteAddress)) return { ok: false, status: 403, message: "Cross-origin upgrade refused" };
  const sessionToken = readCookie(req.headers.cookie, SESSION_COOKIE);
  const user = await userForSession(db, sessionToken, sessionSecret);
  if (!user || !sessionToken) return { ok: false, status: 401, message: "Sign in first" };
  const name = parseDocumentName(documentKey);
  if (!name) return { ok: false, status: 404, message: "No such negotiation" };
  const { negotiationId, draft } = name;
  const negotiation = await findNegotiation(db, negotiationId);
  if (!negotiation) return { ok: false, status: 404, message: "No such negotiation" };
  const facts = negotiationFacts(negotiation);
  const membership = await findMembership(db, negotiationId, user.id);
  if (!membership) return { ok: false, status: 403, message: "Not a participant" };
  if (!can(membership, "openDraft", facts, { draft })) return { ok: false, status: 403, message: "Another side's private draft" };
  return { ok: true, negotiationId, draft, documentKey, user, membership, facts, sessionToken };
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable" };

/** Answers a refused upgrade on the raw socket, as plain HTTP, and closes it. */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
