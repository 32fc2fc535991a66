import type { RoundListing } from "~/db/queries/rounds";
import type { CaucusSide } from "~/shared/collab/documentName";
import { turnOf } from "~/shared/rounds/turns";

/** GET /api/negotiations/:id/rounds (contract): oldest first, these fields only. */
export function presentRounds(rows: RoundListing[]) {
  return rows.map((r) => ({
    round: r.round,
    side: r.side,
    versionId: r.versionId,
    tabledAt: new Date(r.tabledAt).toISOString(),
    tabledBy: r.tabledByUsername,
    tabledByName: r.tabledByName,
    label: r.versionLabel,
  }));
}

/** The workspace's turn panel: whose move, the round, when each round was tabled and by whom. */
export function presentTurns(rows: RoundListing[], proposedBySide: CaucusSide, now = new Date()) {
  return { ...turnOf(rows, proposedBySide, now), rounds: presentRounds(rows) };
}

export type TurnsView = ReturnType<typeof presentTurns>;
