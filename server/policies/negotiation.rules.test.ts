import { describe, expect, it } from "vitest";
import { ROLES, SIDES, type Membership } from "~/shared/roles";
import { abilitiesFor, can, NEGOTIATION_ACTIONS, negotiationFacts, refusalReason } from "./negotiation";

const row = { lockedAt: null, mode: "represent", proposedBySide: "union", answeredOn: null } as const;

const seats: Membership[] = SIDES.flatMap((side) => ROLES.map((role) => ({ side, role })));
const open = negotiationFacts(row);
const signed = negotiationFacts({ ...row, lockedAt: 1_700_000_000_000 });

describe("the signing permissions as rules of the one table (S-1, S-2, S-4, S-7)", () => {
  it("S-1/S-2: either chief or the union side's higher-level union manages delegations and records the vote, never once signed", () => {
    for (const m of seats) {
      const expected = (m.role === "chief" && m.side !== "observer") || (m.role === "higher_union" && m.side === "union");
      expect(can(m, "manageDelegations", open), `${m.side}/${m.role}`).toBe(expected);
      expect(can(m, "recordRatification", open), `${m.side}/${m.role}`).toBe(expected);
      expect(can(m, "manageDelegations", signed)).toBe(false);
      expect(can(m, "recordRatification", signed)).toBe(false);
    }
  });

  it("S-7: only after signing — the enterprise chief files; either chief or the higher-level union records the review", () => {
    for (const m of seats) {
      expect(can(m, "recordFiling", open)).toBe(false);
      expect(can(m, "recordReview", open)).toBe(false);
      expect(can(m, "recordFiling", signed), `${m.side}/${m.role}`).toBe(m.role === "chief" && m.side === "enterprise");
      expect(can(m, "recordReview", signed), `${m.side}/${m.role}`).toBe((m.role === "chief" && m.side !== "observer") || (m.role === "higher_union" && m.side === "union"));
    }
  });

  it("S-4: the signing form is open to participants until the agreement is locked; nobody outside it gets any ability", () => {
    expect(can({ side: "union", role: "representative" }, "sign", open)).toBe(true);
    expect(can({ side: "union", role: "chief" }, "sign", signed)).toBe(false);
    expect(Object.values(abilitiesFor(null, open)).some(Boolean)).toBe(false);
  });

  it("locked is read from locked_at in one place", () => {
    expect(open).toMatchObject({ locked: false });
    expect(signed).toMatchObject({ locked: true });
  });

  it("abilitiesFor hands every loader the same answer can() gives, for every object-free rule", () => {
    for (const m of seats) {
      for (const facts of [open, signed, negotiationFacts({ ...row, mode: "standard", answeredOn: "2026-11-20" })]) {
        const abilities = abilitiesFor(m, facts);
        expect(Object.keys(abilities).sort()).toEqual([...NEGOTIATION_ACTIONS].sort());
        for (const action of NEGOTIATION_ACTIONS) expect(abilities[action], `${m.side}/${m.role} ${action}`).toBe(can(m, action, facts));
      }
    }
  });

  it("a refusal names the lock only to a seat that could act before signing", () => {
    expect(refusalReason({ side: "union", role: "chief" }, "edit", signed)).toBe("locked");
    expect(refusalReason({ side: "union", role: "legal_adviser" }, "edit", signed)).toBe("role");
    expect(refusalReason({ side: "union", role: "legal_adviser" }, "edit", open)).toBe("role");
    expect(refusalReason({ side: "union", role: "chief" }, "edit", open)).toBeNull();
    expect(refusalReason(null, "read", open)).toBe("notParticipant");
  });
});
