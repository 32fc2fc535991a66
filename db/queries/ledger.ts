/**
 * The ledger read (台账, docs/SPEC.md L-4): every negotiation in a scope, one SQL statement for
 * all rows (the scope's subtree as a recursive CTE, progress and participation as indexed
 * subqueries), then pure clock arithmetic and filters in memory. Reads status, figures and dates
 * only: the statement names no column of clause text, comments or caucus notes.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { organisations } from "../schema";
import { ledgerClocks } from "../../shared/ledger/clocks";
import { ledgerTotals, type Ledger, type LedgerRow, type NegotiationStatus } from "../../shared/ledger/types";
import type { LedgerQuery } from "../../shared/schemas/ledger";
import { chinaToday, proposalAnswerDeadline, type CalendarDate } from "../../shared/rules/deadlines";
import type { Mode, Scope } from "../../shared/roles";
import type { LedgerLink, LedgerScope } from "../../shared/ledger/types";

/** The organisation tree, for the policy's scope decision and the page's sub-organisation filter. */
export function ledgerOrganisations(db: Db): { id: string; name: string; kind: "union" | "enterprise" | "assembly" | "authority"; level: string; parentId: string | null }[] {
  return db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, level: organisations.level, parentId: organisations.parentId })
    .from(organisations)
    .all();
}

/**
 * The columns of the ledger statement, in order. Rows come back as arrays (`db.values`), not
 * objects: at 10,000 rows building an object per row costs three times the query (bench/ledger).
 */
const COLUMNS = [
  "id", "title", "scope", "mode", "status", "region", "industry",
  "union_org_id", "union_name", "enterprise_org_id", "enterprise_name", "higher_union_org_id", "higher_name",
  "coverage_enterprises", "coverage_workers", "clause_count", "agreed",
  "proposed_on", "answered_on", "ratified_on", "signed_on", "filed_on", "reviewed_on", "effective_on", "published_on", "expires_on", "algorithm_consulted_on",
  "participant",
] as const;
const C = Object.fromEntries(COLUMNS.map((name, i) => [name, i])) as Record<(typeof COLUMNS)[number], number>;
type Cell = string | number | null;

const IN_SUBTREE = sql`IN (SELECT id FROM subtree)`;

/** The policy's links (server/policies/ledger.ts) as SQL over `n`, the negotiation. */
const LINK_SQL: Record<LedgerLink, SQL> = {
  union: sql`n.union_org_id ${IN_SUBTREE}`,
  higherUnion: sql`n.higher_union_org_id ${IN_SUBTREE}`,
  enterprise: sql`n.enterprise_org_id ${IN_SUBTREE}`,
  filedWith: sql`n.filed_with_org_id ${IN_SUBTREE}`,
  observer: sql`EXISTS (SELECT 1 FROM participants op JOIN users ou ON ou.id = op.user_id WHERE op.negotiation_id = n.id AND op.side = 'observer' AND ou.organisation_id ${IN_SUBTREE})`,
};

/** The recursive CTE `subtree`: the scope's organisation and everything below it. */
function subtreeOf(scope: LedgerScope): SQL {
  return sql`WITH RECURSIVE subtree(id) AS (
      SELECT ${scope.organisationId}
      UNION SELECT o.id FROM organisations o JOIN subtree s ON o.parent_id = s.id
    )`;
}

/** The policy's scope as one predicate over `n`. */
function inScope(scope: LedgerScope): SQL {
  return sql`(${sql.join(scope.links.map((l) => LINK_SQL[l]), sql` OR `)})`;
}

export interface LedgerAuditEntry {
  negotiationId: string;
  at: number;
  action: "coverage.updated" | "ta.confirmed";
  detail: string;
}

/**
 * What the reports read from the audit trail for a scope (L-8): every coverage change (coverage
 * on a past day is the last change by then; a negotiation with none was never entered through the
 * form) and every clause settled (ta.confirmed: the second side's confirmation) from `fromMs` to
 * `untilMs`. One statement.
 */
export function ledgerAuditEntries(db: Db, scope: LedgerScope, fromMs: number, untilMs: number): LedgerAuditEntry[] {
  return db.all<LedgerAuditEntry>(sql`
    ${subtreeOf(scope)}
    SELECT a.negotiation_id AS negotiationId, a.at, a.action, a.detail
    FROM audit_log a JOIN negotiations n ON n.id = a.negotiation_id
    WHERE ${inScope(scope)}
      AND (a.action = 'coverage.updated' OR (a.action = 'ta.confirmed' AND a.at >= ${fromMs} AND a.at <= ${untilMs}))
    ORDER BY a.id
  `);
}

export interface LedgerRecord extends LedgerRow {
  ratifiedOn: CalendarDate | null;
  reviewedOn: CalendarDate | null;
}

/**
 * The rows of `scope` as of `asOf` (clocks and flags computed for that day), with the
 * scope/mode/status filters applied in SQL; `userId` decides only whether a row links.
 */
export function ledgerRecords(db: Db, scope: LedgerScope, userId: string, filters: Pick<LedgerQuery, "scope" | "mode" | "status"> = {}, asOf: CalendarDate = chinaToday()): LedgerRecord[] {
  const where: SQL[] = [inScope(scope)];
  if (filters.scope) where.push(sql`n.scope = ${filters.scope}`);
  if (filters.mode) where.push(sql`n.mode = ${filters.mode}`);
  if (filters.status) where.push(sql`n.status = ${filters.status}`);
  const raw = db.values<Cell[]>(sql`
    ${subtreeOf(scope)}
    SELECT n.id, n.title, n.scope, n.mode, n.status, n.region, n.industry,
      n.union_org_id, uo.name, n.enterprise_org_id, eo.name, n.higher_union_org_id, ho.name,
      n.coverage_enterprises, n.coverage_workers, n.clause_count,
      -- At most one live agreement per clause (a new one supersedes the last), so count(*) counts clauses.
      (SELECT count(*) FROM tentative_agreements ta INDEXED BY tentative_agreements_agreed_idx
        WHERE ta.negotiation_id = n.id AND ta.voided_at IS NULL
          AND ta.union_confirmed_at IS NOT NULL AND ta.enterprise_confirmed_at IS NOT NULL),
      n.proposed_on, n.answered_on,
      (SELECT min(r.held_on) FROM ratifications r WHERE r.negotiation_id = n.id AND r.valid = 1),
      n.signed_on, n.filed_on, n.reviewed_on, n.effective_on, n.published_on, n.expires_on, n.algorithm_consulted_on,
      EXISTS (SELECT 1 FROM participants p WHERE p.negotiation_id = n.id AND p.user_id = ${userId})
    FROM negotiations n
    JOIN organisations uo ON uo.id = n.union_org_id
    JOIN organisations eo ON eo.id = n.enterprise_org_id
    LEFT JOIN organisations ho ON ho.id = n.higher_union_org_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY n.proposed_on DESC, n.id
  `);
  return raw.map((r) => {
    const str = (column: keyof typeof C) => r[C[column]] as string;
    const date = (column: keyof typeof C) => r[C[column]] as string | null;
    const dates = {
      proposedOn: str("proposed_on"),
      answeredOn: date("answered_on"),
      signedOn: date("signed_on"),
      filedOn: date("filed_on"),
      reviewedOn: date("reviewed_on"),
      effectiveOn: date("effective_on"),
      publishedOn: date("published_on"),
      expiresOn: date("expires_on"),
      algorithmConsultedOn: date("algorithm_consulted_on"),
    };
    const state = ledgerClocks(dates, asOf);
    const total = r[C.clause_count] as number;
    return {
      negotiationId: str("id"),
      title: str("title"),
      scope: str("scope") as Scope,
      mode: str("mode") as Mode,
      status: str("status") as NegotiationStatus,
      region: str("region"),
      industry: str("industry"),
      unionOrgId: str("union_org_id"),
      unionOrgName: str("union_name"),
      enterpriseOrgId: str("enterprise_org_id"),
      enterpriseOrgName: str("enterprise_name"),
      higherUnionOrgId: date("higher_union_org_id"),
      higherUnionOrgName: date("higher_name"),
      coverage: { enterprises: (r[C.coverage_enterprises] as number | null) ?? 0, workers: (r[C.coverage_workers] as number | null) ?? 0 },
      progress: { agreed: Math.min(r[C.agreed] as number, total), total },
      dates: {
        proposedOn: dates.proposedOn,
        answerDue: proposalAnswerDeadline(dates.proposedOn),
        answeredOn: dates.answeredOn,
        signedOn: dates.signedOn,
        filedOn: dates.filedOn,
        effectiveOn: dates.effectiveOn,
        publishedOn: dates.publishedOn,
        expiresOn: dates.expiresOn,
        algorithmConsultedOn: dates.algorithmConsultedOn,
      },
      ratifiedOn: date("ratified_on"),
      reviewedOn: dates.reviewedOn,
      clocks: state.clocks,
      overdue: state.overdue,
      inForce: state.inForce,
      participant: r[C.participant] === 1,
    };
  });
}

const STATUS_ORDER: readonly NegotiationStatus[] = ["proposed", "bargaining", "suspended", "ratified", "signed", "filed", "effective"];

function nextDue(row: LedgerRow): string {
  return row.clocks.reduce((min, c) => (c.due < min ? c.due : min), "9999-12-31");
}

const COMPARE: Record<NonNullable<LedgerQuery["sort"]>, (a: LedgerRow, b: LedgerRow) => number> = {
  title: (a, b) => a.title.localeCompare(b.title, "zh-CN"),
  proposedOn: (a, b) => a.dates.proposedOn.localeCompare(b.dates.proposedOn),
  status: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
  progress: (a, b) => a.progress.agreed / Math.max(1, a.progress.total) - b.progress.agreed / Math.max(1, b.progress.total),
  workers: (a, b) => a.coverage.workers - b.coverage.workers,
  due: (a, b) => nextDue(a).localeCompare(nextDue(b)),
};

/** The ledger of a scope with the query's filters, sort and totals for the filtered set. */
export function ledgerFor(db: Db, scope: LedgerScope, userId: string, query: LedgerQuery, asOf: CalendarDate = chinaToday()): Ledger {
  let rows: LedgerRow[] = ledgerRecords(db, scope, userId, query, asOf);
  if (query.overdue) rows = rows.filter((r) => r.overdue.length > 0);
  if (query.sort) {
    const compare = COMPARE[query.sort];
    const sign = query.dir === "desc" ? -1 : 1;
    rows = [...rows].sort((a, b) => sign * compare(a, b) || a.negotiationId.localeCompare(b.negotiationId));
  }
  return { scope: { kind: scope.kind, organisationId: scope.organisationId }, asOf, rows, totals: ledgerTotals(rows) };
}
