/** Workflow status of a clause (kept in the database, never in the shared Yjs document). */
export const CLAUSE_STATUSES = ["proposed", "negotiating", "agreed", "parked", "withdrawn"] as const;
export type ClauseStatus = (typeof CLAUSE_STATUSES)[number];

export const CLAUSE_STATUS_LABELS: Record<ClauseStatus, { zh: string; en: string }> = {
  proposed: { zh: "提议", en: "Proposed" },
  negotiating: { zh: "磋商中", en: "Under negotiation" },
  agreed: { zh: "暂定一致", en: "Tentatively agreed" },
  parked: { zh: "搁置", en: "Parked" },
  withdrawn: { zh: "撤回", en: "Withdrawn" },
};

/** A clause with no recorded status is under negotiation: it came with the draft both sides hold. */
export const DEFAULT_CLAUSE_STATUS: ClauseStatus = "negotiating";
