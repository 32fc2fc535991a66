/**
 * The ledger read (台账, docs/SPEC.md L-4): every negotiation in a scope, one SQL statement for
 * all rows (the scope's subtree as a recursive CTE, progress and participation as indexed
 * subqueries), then pure clock arithmetic and filters in memory. Reads status, figures and dates
 * only: the statement names no column of clause text, comments or caucus notes.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { rawRows } from "../raw";
import { organisations } from "../schema";
import { ledgerClocks } from "~/shared/ledger/clocks";
import { ledgerTotals, type Ledger, type LedgerRow, type NegotiationStatus } from "~/shared/ledger/types";
import type { LedgerQuery } from "~/shared/schemas/ledger";
import { chinaToday, proposalAnswerDeadline, type CalendarDate } from "~/shared/rules/deadlines";
import type { Mode, Scope } from "~/shared/roles";
import type { LedgerLink, LedgerScope } from "~/shared/ledger/types";

/** The organisation tree, for the policy's scope decision and the page's sub-organisation filter. */
export async function ledgerOrganisations(db: Db): Promise<{ id: string; name: string; kind: "union" | "enterprise" | "assembly" | "authority"; level: string; parentId: string | null }[]> {
  return await db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, level: organisations.level, parentId: organisations.parentId })
    .from(organisations);
}

/**
 * One row of the ledger statement, named as the statement aliases it (lower-case snake_case, so
 * PostgreSQL's folding of unquoted aliases changes nothing). Rows come back as objects through
 * rawRows: the earlier array form (`db.values`, a third of the cost at 10,000 rows, bench/ledger)
 * has no node-postgres twin behind the one portable call.
 */
interface RecordRow {
  id: string;
  title: string;
  scope: string;
  mode: string;
  status: string;
  region: string;
  industry: string;
  union_org_id: string;
  union_name: string;
  enterprise_org_id: string;
  enterprise_name: string;
  higher_union_org_id: string | null;
  higher_name: string | null;
  coverage_enterprises: number | null;
  coverage_workers: number | null;
  clause_count: number;
  agreed: number;
  proposed_on: string;
  answered_on: string | null;
  ratified_on: string | null;
  signed_on: string | null;
  filed_on: string | null;
  reviewed_on: string | null;
  effective_on: string | null;
  published_on: string | null;
  expires_on: string | null;
  algorithm_consulted_on: string | null;
  participant: number;
}

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
  // CAST: PostgreSQL types the anchor's bare parameter from it, to match organisations.id.
  return sql`WITH RECURSIVE subtree(id) AS (
      SELECT CAST(${scope.organisationId} AS TEXT)
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
export async function ledgerAuditEntries(db: Db, scope: LedgerScope, fromMs: number, untilMs: number): Promise<LedgerAuditEntry[]> {
  // The quoted alias keeps its case on PostgreSQL (an unquoted one folds to negotiationid).
  return rawRows<LedgerAuditEntry>(db, sql`
    ${subtreeOf(scope)}
    SELECT a.negotiation_id AS "negotiationId", a.at, a.action, a.detail
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
export async function ledgerRecords(db: Db, scope: LedgerScope, userId: string, filters: Pick<LedgerQuery, "scope" | "mode" | "status"> = {}, asOf: CalendarDate = chinaToday()): Promise<LedgerRecord[]> {
  const where: SQL[] = [inScope(scope)];
  if (filters.scope) where.push(sql`n.scope = ${filters.scope}`);
  if (filters.mode) where.push(sql`n.mode = ${filters.mode}`);
  if (filters.status) where.push(sql`n.status = ${filters.status}`);
  const raw = await rawRows<RecordRow>(db, sql`
    ${subtreeOf(scope)}
    SELECT n.id, n.title, n.scope, n.mode, n.status, n.region, n.industry,
      n.union_org_id, uo.name AS union_name, n.enterprise_org_id, eo.name AS enterprise_name, n.higher_union_org_id, ho.name AS higher_name,
      n.coverage_enterprises, n.coverage_workers, n.clause_count,
      -- At most one live agreement per clause (a new one supersedes the last), so count(*) counts clauses.
      -- The WHERE repeats tentative_agreements_agreed_idx's own, so SQLite answers from that partial index alone.
      (SELECT count(*) FROM tentative_agreements ta
        WHERE ta.negotiation_id = n.id AND ta.voided_at IS NULL
          AND ta.union_confirmed_at IS NOT NULL AND ta.enterprise_confirmed_at IS NOT NULL) AS agreed,
      n.proposed_on, n.answered_on,
      -- The boolean column as the predicate: SQLite's 0/1 and PostgreSQL's boolean alike.
      (SELECT min(r.held_on) FROM ratifications r WHERE r.negotiation_id = n.id AND r.valid) AS ratified_on,
      n.signed_on, n.filed_on, n.reviewed_on, n.effective_on, n.published_on, n.expires_on, n.algorithm_consulted_on,
      -- 1 or 0 on both dialects (a bare EXISTS is a boolean on PostgreSQL).
      CASE WHEN EXISTS (SELECT 1 FROM participants p WHERE p.negotiation_id = n.id AND p.user_id = ${userId}) THEN 1 ELSE 0 END AS participant
    FROM negotiations n
    JOIN organisations uo ON uo.id = n.union_org_id
    JOIN organisations eo ON eo.id = n.enterprise_org_id
    LEFT JOIN organisations ho ON ho.id = n.higher_union_org_id
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY n.proposed_on DESC, n.id
  `);
  return raw.map((r) => {
    const dates = {
      proposedOn: r.proposed_on,
      answeredOn: r.answered_on,
      signedOn: r.signed_on,
      filedOn: r.filed_on,
      reviewedOn: r.reviewed_on,
      effectiveOn: r.effective_on,
      publishedOn: r.published_on,
      expiresOn: r.expires_on,
      algorithmConsultedOn: r.algorithm_consulted_on,
    };
    const state = ledgerClocks(dates, asOf);
    const total = r.clause_count;
    return {
      negotiationId: r.id,
      title: r.title,
      scope: r.scope as Scope,
      mode: r.mode as Mode,
      status: r.status as NegotiationStatus,
      region: r.region,
      industry: r.industry,
      unionOrgId: r.union_org_id,
      unionOrgName: r.union_name,
      enterpriseOrgId: r.enterprise_org_id,
      enterpriseOrgName: r.enterprise_name,
      higherUnionOrgId: r.higher_union_org_id,
      higherUnionOrgName: r.higher_name,
      coverage: { enterprises: r.coverage_enterprises ?? 0, workers: r.coverage_workers ?? 0 },
      progress: { agreed: Math.min(r.agreed, total), total },
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
      ratifiedOn: r.ratified_on,
      reviewedOn: dates.reviewedOn,
      clocks: state.clocks,
      overdue: state.overdue,
      inForce: state.inForce,
      participant: r.participant === 1,
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
export async function ledgerFor(db: Db, scope: LedgerScope, userId: string, query: LedgerQuery, asOf: CalendarDate = chinaToday()): Promise<Ledger> {
  let rows: LedgerRow[] = await ledgerRecords(db, scope, userId, query, asOf);
  if (query.overdue) rows = rows.filter((r) => r.overdue.length > 0);
  if (query.sort) {
    const compare = COMPARE[query.sort];
    const sign = query.dir === "desc" ? -1 : 1;
    rows = [...rows].sort((a, b) => sign * compare(a, b) || a.negotiationId.localeCompare(b.negotiationId));
  }
  return { scope: { kind: scope.kind, organisationId: scope.organisationId }, asOf, rows, totals: ledgerTotals(rows) };
}
