import { describe, expect, it } from "vitest";
import { canStartNegotiation } from "./negotiation";

describe("who may make a 要约", () => {
  it.each([
    ["a union official", false, "union", true],
    ["an enterprise manager", false, "enterprise", true],
    ["the labour administration's observer", false, "authority", false],
    ["an account without an organisation", false, null, false],
    ["the system administrator", true, null, false],
    ["an administrator who is also in a union", true, "union", false],
  ] as const)("%s: %s", (_who, isAdmin, kind, allowed) => {
    expect(canStartNegotiation({ isAdmin }, kind)).toBe(allowed);
  });
});
