import type { IncomingHttpHeaders } from "node:http";
import { TRUST_NO_PROXY, type ProxyTrust } from "./proxyTrust";

/** A host as a Host header carries it: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The public host a browser addressed: `X-Forwarded-Host` from a trusted proxy (TRUST_PROXY),
 * else `Host`. Undefined when missing or not a well-formed host (it is written into a CSP).
 */
export function requestHost(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trust: ProxyTrust = TRUST_NO_PROXY): string | undefined {
  const forwarded = trust(remoteAddress) ? headers["x-forwarded-host"] : undefined;
  const raw = forwarded ?? headers.host;
  const host = (Array.isArray(raw) ? raw[0] : raw)?.split(",")[0].trim();
  return host && HOST_PATTERN.test(host) ? host.toLowerCase() : undefined;
}

/**
 * Cross-site check for WebSocket upgrades and form posts: an `Origin` that names another host
 * is refused; no Origin (a non-browser client) is judged by its cookie alone (contract).
 * `X-Forwarded-Host` counts only from a trusted proxy; from anyone else it is ignored.
 */
export function isCrossOrigin(headers: IncomingHttpHeaders, remoteAddress?: string, trust: ProxyTrust = TRUST_NO_PROXY): boolean {
  const origin = headers.origin;
  if (!origin) return false;
  const host = requestHost(headers, remoteAddress, trust);
  if (!host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" (sandboxed frames, opaque redirects) and garbage are foreign
  }
}
