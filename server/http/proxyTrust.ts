import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { RequestHandler } from "express";

/**
 * Whether a peer is one of our reverse proxies, whose `X-Forwarded-*` headers we believe
 * (docs/SPEC.md X-6). Configured by `TRUST_PROXY` (server/env.ts); by default nobody is: a header
 * anyone can type must not pick the sign-in throttle's address, the scheme or the host the
 * cross-site check compares with.
 */
export type ProxyTrust = (address: string | undefined) => boolean;

export const TRUST_NO_PROXY: ProxyTrust = () => false;

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"] as const;

/** One `TRUST_PROXY` entry: an IPv4/IPv6 address or a subnet in CIDR form (`10.0.0.0/8`); null when it is neither. */
export function parseProxyEntry(entry: string): { address: string; prefix: number | null; family: "ipv4" | "ipv6" } | null {
  const [address, prefixText, extra] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return null;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, prefix: null, family };
  const prefix = Number(prefixText);
  const max = version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || prefix > max) return null;
  return { address, prefix, family };
}

/** The trust for a list of addresses and subnets (IPv4-mapped IPv6 peers match their IPv4 entry). */
export function proxyTrust(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return TRUST_NO_PROXY;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) throw new Error(`not an address or subnet: ${entry}`);
    if (parsed.prefix === null) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return (address) => {
    if (!address) return false;
    const version = isIP(address);
    return version !== 0 && list.check(address, version === 4 ? "ipv4" : "ipv6");
  };
}

/** Removes the forwarding headers of a request whose peer is not a trusted proxy, so nothing later can read them. */
export function forgetUntrustedForwarding(req: IncomingMessage, trust: ProxyTrust): void {
  if (trust(req.socket.remoteAddress)) return;
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
}

/**
 * First in the chain: Express (req.ip, req.protocol, req.hostname) is told the same trust, and
 * Remix's request URL, which reads `X-Forwarded-Host` whoever sent it, never sees a forged one.
 */
export function dropUntrustedForwarding(trust: ProxyTrust): RequestHandler {
  return (req, _res, next) => {
    forgetUntrustedForwarding(req, trust);
    next();
  };
}
