import type { RequestHandler } from "express";
import { requestHost } from "./origin";
import type { ProxyTrust } from "./proxyTrust";

/** What every response the app renders carries: no shared cache or browser history keeps one side's view. */
export const PRIVATE_CACHE_CONTROL = "no-store, private";

/**
 * Headers on every response. Scripts: only our own files plus Remix's inline hydration data, which
 * carries a per-request nonce; never 'unsafe-inline' for scripts. Styles allow inline because React
 * style attributes are inline. Connections: our own origin and its own WebSocket URL only,
 * the host being the one the browser addressed (a trusted proxy's X-Forwarded-Host, else Host).
 */
export function securityHeaders(options: { dev: boolean; trust: ProxyTrust }): RequestHandler {
  return (req, res, next) => {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    res.locals.cspNonce = nonce;
    const host = requestHost(req.headers, req.socket.remoteAddress, options.trust);
    // 'self' does not cover ws: in every browser; the page's own host does, and nothing else.
    const connect = host ? `'self' ${req.protocol === "https" ? "wss" : "ws"}://${host}` : "'self'";
    const script = options.dev ? `'self' 'nonce-${nonce}' 'unsafe-eval'` : `'self' 'nonce-${nonce}'`;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src ${script}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        `connect-src ${connect}`,
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=15552000");
    next();
  };
}

/**
 * Mounted in front of the Remix handler, so it covers every page, loader data, JSON API, event
 * stream and export download, and none of the static files: whatever Cache-Control a route set,
 * the response leaves with `no-store, private` (docs/SPEC.md X-5). Set when the head is written,
 * the last moment before it leaves, so no route can forget or weaken it.
 */
export function privateResponses(): RequestHandler {
  return (_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      this.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
