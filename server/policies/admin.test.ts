import { describe, expect, it } from "vitest";
import { canAdminister, canChangeAccount } from "./admin";

const admin = { id: "u_admin", isAdmin: true };
const chief = { id: "u_chief", isAdmin: false };

describe("admin policy", () => {
  it("lets only administrators manage organisations and accounts", () => {
    expect(canAdminister(admin, "manageOrganisations")).toBe(true);
    expect(canAdminister(admin, "manageAccounts")).toBe(true);
    expect(canAdminister(chief, "manageAccounts")).toBe(false);
    expect(canAdminister(null, "manageOrganisations")).toBe(false);
  });
  it("never lets an administrator disable their own account", () => {
    expect(canChangeAccount(admin, "disable", "u_chief")).toBe(true);
    expect(canChangeAccount(admin, "disable", "u_admin")).toBe(false);
    expect(canChangeAccount(admin, "resetPassword", "u_admin")).toBe(true);
    expect(canChangeAccount(chief, "enable", "u_chief")).toBe(false);
  });
});
