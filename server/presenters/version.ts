import type { Side } from "~/shared/roles";

/** The whitelist of what leaves the server about a saved version (GET /api/negotiations/:id/versions and the timeline). */
export function presentVersion(
  row: { id: string; seq: number; label: string; note: string; side: Side; kind: "manual" | "milestone" | "seed"; createdAt: number; contentHash: string; authorName: string | null },
  changedClauses: number | null,
) {
  return {
    id: row.id,
    seq: row.seq,
    label: row.label,
    note: row.note,
    side: row.side,
    kind: row.kind,
    createdAt: new Date(row.createdAt).toISOString(),
    contentHash: row.contentHash,
    author: row.authorName,
    /** Clauses changed since the previous version; null for the first. */
    changedClauses,
  };
}

export type PresentedVersion = ReturnType<typeof presentVersion>;
