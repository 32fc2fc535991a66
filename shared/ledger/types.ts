/**
 * What the ledger (台账) shows, shared by db/queries/ledger.ts, the presenters and the page
 * (docs/SPEC.md L-*). Status, figures and dates only: never clause text, comments or caucus notes.
 */
import type { Mode, Scope } from "../roles";
import type { CalendarDate } from "../rules/deadlines";
import type { LedgerClock, LedgerClockKind } from "./clocks";

export const NEGOTIATION_STATUSES = ["proposed", "bargaining", "suspended", "ratified", "signed", "filed", "effective"] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];

/** Whose ledger: a union's subtree, an enterprise's subtree, or a labour administration. */
export type LedgerScopeKind = "union" | "enterprise" | "authority";

/** Which of a negotiation's organisations place it inside a scope's subtree. */
export type LedgerLink = "union" | "higherUnion" | "enterprise" | "observer" | "filedWith";

/** A ledger's scope as server/policies/ledger.ts decides it and db/queries/ledger.ts applies it. */
export interface LedgerScope {
  kind: LedgerScopeKind;
  /** The root of the subtree (the user's organisation, or the sub-organisation `org` narrowed to). */
  organisationId: string;
  links: readonly LedgerLink[];
}

export interface LedgerRow {
  negotiationId: string;
  title: string;
  scope: Scope;
  mode: Mode;
  status: NegotiationStatus;
  region: string;
  industry: string;
  unionOrgId: string;
  unionOrgName: string;
  enterpriseOrgId: string;
  enterpriseOrgName: string;
  higherUnionOrgId: string | null;
  higherUnionOrgName: string | null;
  coverage: { enterprises: number; workers: number };
  progress: { agreed: number; total: number };
  dates: {
    proposedOn: CalendarDate;
    answerDue: CalendarDate;
    answeredOn: CalendarDate | null;
    signedOn: CalendarDate | null;
    filedOn: CalendarDate | null;
    effectiveOn: CalendarDate | null;
    publishedOn: CalendarDate | null;
    expiresOn: CalendarDate | null;
    algorithmConsultedOn: CalendarDate | null;
  };
  clocks: LedgerClock[];
  overdue: LedgerClockKind[];
  inForce: boolean;
  /** The signed-in user takes part in it: only then does the row link to the workspace. */
  participant: boolean;
}

export interface LedgerTotals {
  negotiations: number;
  /** Agreements in force (took effect, not expired). */
  inForce: number;
  /** Workers covered by the agreements in force. */
  workersCovered: number;
  /** Flagged items (L-3), summed over the rows. */
  overdue: number;
}

export interface Ledger {
  scope: { kind: LedgerScopeKind; organisationId: string };
  asOf: CalendarDate;
  rows: LedgerRow[];
  totals: LedgerTotals;
}

export function ledgerTotals(rows: readonly LedgerRow[]): LedgerTotals {
  let inForce = 0;
  let workersCovered = 0;
  let overdue = 0;
  for (const row of rows) {
    if (row.inForce) {
      inForce++;
      workersCovered += row.coverage.workers;
    }
    overdue += row.overdue.length;
  }
  return { negotiations: rows.length, inForce, workersCovered, overdue };
}
