import type { RequestHandler } from "express";

/**
 * Headers on every response. Scripts: only our own files plus Remix's inline hydration data, which
 * carries a per-request nonce; never 'unsafe-inline' for scripts. Styles allow inline because React
 * style attributes are inline.
 */
export function securityHeaders(options: { dev: boolean }): RequestHandler {
  return (req, res, next) => {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    res.locals.cspNonce = nonce;
    const connect = options.dev ? "'self' ws: wss:" : "'self' ws: wss:";
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
