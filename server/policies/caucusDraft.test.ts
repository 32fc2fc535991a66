import { describe, expect, it } from "vitest";
import type { Role, Side } from "../../shared/roles";
import { canManageCaucusDraft, canOpenDraft, canTableRound, canWriteDraft } from "./caucusDraft";

const m = (side: Side, role: Role) => ({ side, role });
const open = { locked: false };
const facts = (over: Partial<{ locked: boolean; mode: "standard" | "represent" | "participate"; representativesMayTable: boolean }> = {}) => ({
  locked: false,
  mode: "represent" as const,
  representativesMayTable: false,
  ...over,
});

describe("caucus draft policy (docs/SPEC.md R-3…R-5)", () => {
  it("R-3: a side's private draft opens for that side's members only, read-only members included", () => {
    expect(canOpenDraft(m("union", "legal_adviser"), "union")).toBe(true);
    expect(canOpenDraft(m("union", "chief"), "enterprise")).toBe(false);
    expect(canOpenDraft(m("enterprise", "representative"), "union")).toBe(false);
    expect(canOpenDraft(m("observer", "observer"), "union")).toBe(false);
    expect(canOpenDraft(m("observer", "observer"), "live")).toBe(true);
    expect(canOpenDraft(null, "live")).toBe(false);
  });

  it("R-3: only that side's editors write it, and nobody once the agreement is signed", () => {
    expect(canWriteDraft(m("union", "representative"), "union", open)).toBe(true);
    expect(canWriteDraft(m("union", "higher_union"), "union", open)).toBe(true);
    expect(canWriteDraft(m("union", "legal_adviser"), "union", open)).toBe(false);
    expect(canWriteDraft(m("enterprise", "chief"), "union", open)).toBe(false);
    expect(canWriteDraft(m("union", "chief"), "union", { locked: true })).toBe(false);
  });

  it("R-5: the side's chief tables; a representative only when the chief allowed it; never the other side", () => {
    expect(canTableRound(m("union", "chief"), "union", facts())).toBe(true);
    expect(canTableRound(m("union", "representative"), "union", facts())).toBe(false);
    expect(canTableRound(m("union", "representative"), "union", facts({ representativesMayTable: true }))).toBe(true);
    expect(canTableRound(m("union", "legal_adviser"), "union", facts({ representativesMayTable: true }))).toBe(false);
    expect(canTableRound(m("enterprise", "chief"), "union", facts())).toBe(false);
    expect(canTableRound(m("union", "higher_union"), "union", facts())).toBe(true); // 上代下
    expect(canTableRound(m("union", "higher_union"), "union", facts({ mode: "participate" }))).toBe(false);
    expect(canTableRound(m("union", "chief"), "union", facts({ locked: true }))).toBe(false);
  });

  it("R-4: only the chief resets the private draft or changes who may table", () => {
    expect(canManageCaucusDraft(m("enterprise", "chief"), "enterprise", facts())).toBe(true);
    expect(canManageCaucusDraft(m("enterprise", "representative"), "enterprise", facts({ representativesMayTable: true }))).toBe(false);
    expect(canManageCaucusDraft(m("union", "chief"), "enterprise", facts())).toBe(false);
    expect(canManageCaucusDraft(m("enterprise", "chief"), "enterprise", facts({ locked: true }))).toBe(false);
  });
});
