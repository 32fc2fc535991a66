import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { requestHost } from "./origin";
import { parseProxyEntry, proxyTrust, TRUST_NO_PROXY } from "./proxyTrust";

describe("X-6 TRUST_PROXY: which peers' forwarding headers are believed", () => {
  it("X-6 by default no peer is trusted, loopback included", () => {
    const env = parseEnv({ DATABASE_PATH: ":memory:" });
    expect(env.trustProxy).toEqual([]);
    const trust = proxyTrust(env.trustProxy);
    for (const peer of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "10.0.0.1"]) expect(trust(peer)).toBe(false);
  });

  it("X-6 trusts exactly the listed addresses and subnets, IPv4-mapped peers included", () => {
    const env = parseEnv({ DATABASE_PATH: ":memory:", TRUST_PROXY: " 127.0.0.1, 10.1.0.0/16 ,::1" });
    expect(env.trustProxy).toEqual(["127.0.0.1", "10.1.0.0/16", "::1"]);
    const trust = proxyTrust(env.trustProxy);
    expect(trust("127.0.0.1")).toBe(true);
    expect(trust("::ffff:127.0.0.1")).toBe(true);
    expect(trust("10.1.200.3")).toBe(true);
    expect(trust("::1")).toBe(true);
    expect(trust("127.0.0.2")).toBe(false);
    expect(trust("10.2.0.1")).toBe(false);
    expect(trust(undefined)).toBe(false);
  });

  it("X-6 a malformed entry stops the start with a message naming it", () => {
    for (const bad of ["localhost", "127.0.0.1/33", "10.0.0.0/8/1", "300.1.1.1", "loopback"]) {
      expect(parseProxyEntry(bad)).toBeNull();
      expect(() => parseEnv({ DATABASE_PATH: ":memory:", TRUST_PROXY: bad })).toThrow(new RegExp(`TRUST_PROXY.*${bad.replace(/[./]/g, "\\$&")}`));
    }
  });

  it("X-6, X-7 the public host is X-Forwarded-Host only from a trusted proxy, and only a well-formed host", () => {
    const headers = { host: "tongshang.example", "x-forwarded-host": "public.example" };
    expect(requestHost(headers, "127.0.0.1", TRUST_NO_PROXY)).toBe("tongshang.example");
    expect(requestHost(headers, "127.0.0.1", proxyTrust(["127.0.0.1"]))).toBe("public.example");
    expect(requestHost({ host: "tongshang.example:3000" }, "203.0.113.9")).toBe("tongshang.example:3000");
    expect(requestHost({ host: "[::1]:3000" }, "203.0.113.9")).toBe("[::1]:3000");
    for (const forged of ["evil.example; script-src *", "evil.example ws:", "'self'", "a b", ""]) expect(requestHost({ host: forged }, "203.0.113.9")).toBeUndefined();
  });
});
