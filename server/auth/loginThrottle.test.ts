import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Driver } from "~/db/driver";
import { openTestDriver, type TestDriver } from "~/tests/setup/testDriver";
import { checkLoginThrottle, LOGIN_THROTTLE, recordLoginFailure } from "./loginThrottle";

let database: TestDriver;
let driver: Driver;
beforeEach(async () => {
  database = await openTestDriver();
  driver = database.driver;
});
afterEach(() => database.close());

/** Failures are recorded inside a write, as sign-in records them. */
const fail = (driver: Driver, username: string, address: string, now: number) =>
  driver.write((tx) => recordLoginFailure(tx, username, address, now));

describe("sign-in throttling counts failures", () => {
  it("stops guessing one account from one address after 5 failures, and says when to retry", async () => {
    const now = Date.now();
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAccountAndAddress; i++) await fail(driver, "union.chief", "10.0.0.9", now);
    const verdict = await checkLoginThrottle(driver.db, "union.chief", "10.0.0.9", now + 1000);
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(800);
    expect((await checkLoginThrottle(driver.db, "union.chief", "10.0.0.9", now + LOGIN_THROTTLE.windowMs + 1)).allowed).toBe(true);
  });

  it("an adversary's failures from elsewhere do not lock the real owner out of their own address", async () => {
    const now = Date.now();
    for (let i = 0; i < 10; i++) await fail(driver, "union.chief", "203.0.113.7", now);
    expect((await checkLoginThrottle(driver.db, "union.chief", "203.0.113.7", now)).allowed).toBe(false);
    expect((await checkLoginThrottle(driver.db, "union.chief", "198.51.100.2", now)).allowed).toBe(true);
  });

  it("stops distributed guessing of one account, and spraying many accounts from one address", async () => {
    const now = Date.now();
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAccount; i++) await fail(driver, "platform.chief", `192.0.2.${i}`, now);
    expect((await checkLoginThrottle(driver.db, "platform.chief", "198.51.100.2", now)).allowed).toBe(false);
    for (let i = 0; i < LOGIN_THROTTLE.maxFailuresPerAddress; i++) await fail(driver, `user${i}`, "192.0.2.200", now);
    expect((await checkLoginThrottle(driver.db, "someone.else", "192.0.2.200", now)).allowed).toBe(false);
    expect((await checkLoginThrottle(driver.db, "someone.else", "192.0.2.201", now)).allowed).toBe(true);
  });
});
