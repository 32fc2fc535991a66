import type { RequestHandler } from "express";
import { refusalText } from "~/shared/i18n/refusals";
import { langOfCookies } from "./lang";
import { isCrossOrigin } from "./origin";
import type { ProxyTrust } from "./proxyTrust";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests a browser sent on behalf of another site (CSRF): an `Origin`
 * naming another host, or `Sec-Fetch-Site: cross-site`. The session cookie is already
 * SameSite=Lax; this is the second lock, and it also covers the login form (login CSRF) and
 * older browsers. Requests without either header (scripts, curl) are judged by their cookie alone,
 * as the contract promises for the WebSocket. Nothing is read or written before the refusal.
 * The host compared with is the public one only a trusted proxy may name.
 */
export function refuseCrossSiteWrites(trust: ProxyTrust): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (isCrossOrigin(req.headers, req.socket.remoteAddress, trust) || req.headers["sec-fetch-site"] === "cross-site") {
      res.status(403).type("text/plain; charset=utf-8").send(`${refusalText(langOfCookies(req.headers.cookie), { key: "request.crossSite" })}\n`);
      return;
    }
    next();
  };
}
