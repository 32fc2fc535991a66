import { describe, expect, it } from "vitest";
import type { Membership, Role, Side } from "~/shared/roles";
import { policyFacts, SIGNED_AT } from "~/tests/setup/policyFacts";
import { can } from "./negotiation";

const m = (side: Side, role: Role) => ({ side, role });
const open = policyFacts();
const signed = policyFacts({ lockedAt: SIGNED_AT });
type Over = Partial<{ locked: boolean; mode: "standard" | "represent" | "participate"; representativesMayTable: boolean }>;
const facts = (over: Over = {}) => ({ locked: false, mode: "represent" as const, representativesMayTable: false, ...over });
/** The negotiation's facts and the side's tabling setting, as the tabling rules are asked them. */
const asked = (f: ReturnType<typeof facts>) => policyFacts({ mode: f.mode, lockedAt: f.locked ? SIGNED_AT : null });
const tableRound = (member: Membership | null, side: "union" | "enterprise", f: ReturnType<typeof facts>) =>
  can(member, "tableRound", asked(f), { side, representativesMayTable: f.representativesMayTable });
const manageCaucusDraft = (member: Membership | null, side: "union" | "enterprise", f: ReturnType<typeof facts>) => can(member, "manageCaucusDraft", asked(f), { side });

describe("caucus draft policy (docs/SPEC.md R-3…R-5)", () => {
  it("R-3: a side's private draft opens for that side's members only, read-only members included", () => {
    expect(can(m("union", "legal_adviser"), "openDraft", open, { draft: "union" })).toBe(true);
    expect(can(m("union", "chief"), "openDraft", open, { draft: "enterprise" })).toBe(false);
    expect(can(m("enterprise", "representative"), "openDraft", open, { draft: "union" })).toBe(false);
    expect(can(m("observer", "observer"), "openDraft", open, { draft: "union" })).toBe(false);
    expect(can(m("observer", "observer"), "openDraft", open, { draft: "live" })).toBe(true);
    expect(can(null, "openDraft", open, { draft: "live" })).toBe(false);
  });

  it("R-3: only that side's editors write it, and nobody once the agreement is signed", () => {
    expect(can(m("union", "representative"), "writeDraft", open, { draft: "union" })).toBe(true);
    expect(can(m("union", "higher_union"), "writeDraft", open, { draft: "union" })).toBe(true);
    expect(can(m("union", "legal_adviser"), "writeDraft", open, { draft: "union" })).toBe(false);
    expect(can(m("enterprise", "chief"), "writeDraft", open, { draft: "union" })).toBe(false);
    expect(can(m("union", "chief"), "writeDraft", signed, { draft: "union" })).toBe(false);
  });

  it("R-5: the side's chief tables; a representative only when the chief allowed it; never the other side", () => {
    expect(tableRound(m("union", "chief"), "union", facts())).toBe(true);
    expect(tableRound(m("union", "representative"), "union", facts())).toBe(false);
    expect(tableRound(m("union", "representative"), "union", facts({ representativesMayTable: true }))).toBe(true);
    expect(tableRound(m("union", "legal_adviser"), "union", facts({ representativesMayTable: true }))).toBe(false);
    expect(tableRound(m("enterprise", "chief"), "union", facts())).toBe(false);
    expect(tableRound(m("union", "higher_union"), "union", facts())).toBe(true); // 上代下
    expect(tableRound(m("union", "higher_union"), "union", facts({ mode: "participate" }))).toBe(false);
    expect(tableRound(m("union", "chief"), "union", facts({ locked: true }))).toBe(false);
  });

  it("R-4: only the chief resets the private draft or changes who may table", () => {
    expect(manageCaucusDraft(m("enterprise", "chief"), "enterprise", facts())).toBe(true);
    expect(manageCaucusDraft(m("enterprise", "representative"), "enterprise", facts({ representativesMayTable: true }))).toBe(false);
    expect(manageCaucusDraft(m("union", "chief"), "enterprise", facts())).toBe(false);
    expect(manageCaucusDraft(m("enterprise", "chief"), "enterprise", facts({ locked: true }))).toBe(false);
  });
});
