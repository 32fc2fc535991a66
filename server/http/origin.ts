import type { IncomingHttpHeaders } from "node:http";

/**
 * Cross-site check for WebSocket upgrades and form posts: an `Origin` that names another host
 * is refused; no Origin (a non-browser client) is judged by its cookie alone (contract).
 */
export function isCrossOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (!origin) return false;
  const host = headers["x-forwarded-host"] ?? headers.host;
  if (!host) return true;
  try {
    return new URL(origin).host !== String(host).split(",")[0].trim();
  } catch {
    return true;
  }
}
