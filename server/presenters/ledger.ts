import type { Ledger, LedgerRow } from "~/shared/ledger/types";

/**
 * The whitelist of a ledger row (GET /api/ledger, the /ledger page, docs/SPEC.md L-4): status,
 * figures and dates. A field not named here never leaves the server.
 */
export function presentLedgerRow(r: LedgerRow): LedgerRow {
  return {
    negotiationId: r.negotiationId,
    title: r.title,
    scope: r.scope,
    mode: r.mode,
    status: r.status,
    region: r.region,
    industry: r.industry,
    unionOrgId: r.unionOrgId,
    unionOrgName: r.unionOrgName,
    enterpriseOrgId: r.enterpriseOrgId,
    enterpriseOrgName: r.enterpriseOrgName,
    higherUnionOrgId: r.higherUnionOrgId,
    higherUnionOrgName: r.higherUnionOrgName,
    coverage: { enterprises: r.coverage.enterprises, workers: r.coverage.workers },
    progress: { agreed: r.progress.agreed, total: r.progress.total },
    dates: {
      proposedOn: r.dates.proposedOn,
      answerDue: r.dates.answerDue,
      answeredOn: r.dates.answeredOn,
      signedOn: r.dates.signedOn,
      filedOn: r.dates.filedOn,
      effectiveOn: r.dates.effectiveOn,
      publishedOn: r.dates.publishedOn,
      expiresOn: r.dates.expiresOn,
      algorithmConsultedOn: r.dates.algorithmConsultedOn,
    },
    clocks: r.clocks.map((c) => ({ kind: c.kind, due: c.due, daysLeft: c.daysLeft, overdue: c.overdue })),
    overdue: [...r.overdue],
    inForce: r.inForce,
    participant: r.participant,
  };
}

export function presentLedger(ledger: Ledger): Ledger {
  return { scope: { ...ledger.scope }, asOf: ledger.asOf, rows: ledger.rows.map(presentLedgerRow), totals: { ...ledger.totals } };
}
