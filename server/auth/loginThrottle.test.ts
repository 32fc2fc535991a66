import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { checkLoginThrottle, LOGIN_THROTTLE, recordLoginFailure } from "./loginThrottle";

const fresh = () => openDatabase(join(mkdtempSync(join(tmpdir(), "throttle-")), "t.db")).db;

describe("sign-in throttling counts failures", () => {
  it("stops guessing one account from one address after 5 failures, and says when to retry", () => {
    const db = fresh();
    const now = Date.now();
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAccountAndAddress; i++) recordLoginFailure(db, "union.chief", "10.0.0.9", now);
    const verdict = checkLoginThrottle(db, "union.chief", "10.0.0.9", now + 1000);
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(800);
    expect(checkLoginThrottle(db, "union.chief", "10.0.0.9", now + LOGIN_THROTTLE.windowMs + 1).allowed).toBe(true);
  });

  it("an adversary's failures from elsewhere do not lock the real owner out of their own address", () => {
    const db = fresh();
    const now = Date.now();
    for (let i = 0; i < 10; i++) recordLoginFailure(db, "union.chief", "203.0.113.7", now);
    expect(checkLoginThrottle(db, "union.chief", "203.0.113.7", now).allowed).toBe(false);
    expect(checkLoginThrottle(db, "union.chief", "198.51.100.2", now).allowed).toBe(true);
  });

  it("stops distributed guessing of one account, and spraying many accounts from one address", () => {
    const db = fresh();
    const now = Date.now();
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAccount; i++) recordLoginFailure(db, "platform.chief", `192.0.2.${i}`, now);
    expect(checkLoginThrottle(db, "platform.chief", "198.51.100.2", now).allowed).toBe(false);
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAddress; i++) recordLoginFailure(db, `user${i}`, "192.0.2.200", now);
    expect(checkLoginThrottle(db, "someone.else", "192.0.2.200", now).allowed).toBe(false);
    expect(checkLoginThrottle(db, "someone.else", "192.0.2.201", now).allowed).toBe(true);
  });
});
