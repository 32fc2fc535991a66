import type { IncomingHttpHeaders } from "node:http";

/** Addresses of a reverse proxy on the same machine: only they may tell us the public host and scheme. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1" || address.startsWith("127.");
}

/**
 * Cross-site check for WebSocket upgrades and form posts: an `Origin` that names another host
 * is refused; no Origin (a non-browser client) is judged by its cookie alone (contract).
 * `X-Forwarded-Host` counts only from a proxy on this machine (the same rule as Express's
 * `trust proxy: loopback` for X-Forwarded-Proto/-For); from anyone else it is ignored.
 */
export function isCrossOrigin(headers: IncomingHttpHeaders, remoteAddress?: string): boolean {
  const origin = headers.origin;
  if (!origin) return false;
  const forwarded = remoteAddress === undefined || isLoopback(remoteAddress) ? headers["x-forwarded-host"] : undefined;
  const host = forwarded ?? headers.host;
  if (!host) return true;
  try {
    return new URL(origin).host !== String(host).split(",")[0].trim();
  } catch {
    return true; // "null" (sandboxed frames, opaque redirects) and garbage are foreign
  }
}
