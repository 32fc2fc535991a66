import type { Db } from "~/db/client";
import { listMinimumWageRounds, negotiationWageArea } from "~/db/queries/minimumWages";
import { findVersion, listVersions } from "~/db/queries/versions";
import type { AgreementContent } from "~/shared/agreement";
import { bilingualText, compareWithPrevious, type CheckContext, type Finding } from "~/shared/evidence/clauseChecks";
import { roundInForce, type WageRound } from "~/shared/evidence/floorsInForce";
import { computeImpact, roundTo, type ImpactInput, type ImpactResult } from "~/shared/evidence/impact";
import { readPayTerms, type PayTerms } from "~/shared/evidence/payTerms";
import { chinaToday } from "~/shared/rules/deadlines";
import { LIVE } from "~/shared/schemas/version";
import type { CollabService } from "../collab/service";
import { contentHash } from "../versions/contentHash";

/**
 * Evidence on the server (EV-8): findings and impact are computed from the agreement text the
 * viewer may read — the live draft or a saved version — and nothing else: no caucus note, no
 * comment is ever an input. Callers authorise through the policy module first.
 */

/** A text to check: its clauses and the date whose floors apply (a version's save date, or today). */
export interface EvidenceText {
  ref: string;
  content: AgreementContent;
  onDate: string;
}

export async function resolveEvidenceText(db: Db, collab: CollabService, negotiationId: string, ref: string, now = new Date()): Promise<EvidenceText | null> {
  if (ref === LIVE) return { ref, content: await collab.readAgreement(negotiationId), onDate: chinaToday(now) };
  const version = await findVersion(db, negotiationId, ref);
  if (!version) return null;
  return { ref, content: version.agreement, onDate: chinaToday(new Date(version.createdAt)) };
}

/**
 * The previous round of a text (EV-5): for a saved version, the version saved just before it; for
 * the live draft, the newest saved version whose text differs from it.
 */
export async function previousRound(db: Db, negotiationId: string, text: EvidenceText): Promise<EvidenceText | null> {
  const versions = await listVersions(db, negotiationId);
  let candidate: (typeof versions)[number] | undefined;
  if (text.ref === LIVE) {
    const hash = contentHash(text.content);
    candidate = [...versions].reverse().find((v) => v.contentHash !== hash);
  } else {
    const index = versions.findIndex((v) => v.id === text.ref);
    candidate = index > 0 ? versions[index - 1] : undefined;
  }
  if (!candidate) return null;
  const version = (await findVersion(db, negotiationId, candidate.id))!;
  return { ref: candidate.id, content: version.agreement, onDate: chinaToday(new Date(version.createdAt)) };
}

export interface AreaFloor {
  area: string;
  round: WageRound | null;
}

export interface FindingsOptions {
  /** The area whose floors apply (default: the negotiation's). */
  area?: string;
  /** The round to judge `weaker` against (default: previousRound). */
  previous?: EvidenceText | null;
}

/** Findings of `text`, with the area's round in force on the text's date. */
export async function findingsFor(db: Db, negotiationId: string, text: EvidenceText, options: FindingsOptions = {}): Promise<{ floor: AreaFloor; findings: Finding[] }> {
  const rounds = await listMinimumWageRounds(db);
  const area = options.area ?? (await negotiationWageArea(db, negotiationId)) ?? "";
  const previous = options.previous === undefined ? await previousRound(db, negotiationId, text) : options.previous;
  const floor = { area, round: roundInForce(rounds, area, text.onDate) };
  const context: CheckContext = { wage: floor.round, onDate: text.onDate };
  const previousContext: CheckContext = previous ? { wage: roundInForce(rounds, area, previous.onDate), onDate: previous.onDate } : context;
  return { floor, findings: compareWithPrevious(text.content.clauses, previous?.content.clauses ?? [], context, previousContext) };
}

/** The contract's finding: `{ clauseId, rule, level, figure, floor, message, source }`, message Chinese first. */
export function presentFinding(finding: Finding) {
  return {
    clauseId: finding.clauseId,
    rule: finding.rule,
    level: finding.level,
    figure: finding.figure,
    floor: finding.floor,
    message: bilingualText(finding.message),
    source: finding.confirmed ? finding.source : `${finding.source}(待核实 unconfirmed)`,
  };
}
export type PresentedFinding = ReturnType<typeof presentFinding>;

/** The evidence.json body. */
export function presentEvidence(floor: AreaFloor, findings: Finding[]) {
  return {
    area: { name: floor.area, monthly: floor.round?.monthly ?? null, hourly: floor.round?.hourly ?? null, effectiveFrom: floor.round?.effectiveFrom ?? null },
    findings: findings.map(presentFinding),
  };
}

export interface ImpactOutcome {
  result: ImpactResult;
  terms: { from: PayTerms; to: PayTerms };
}

/** The impact of going from one text to the other, against the area's round in force today. */
export function impactBetween(from: AgreementContent, to: AgreementContent, input: ImpactInput, round: WageRound): ImpactOutcome {
  const terms = { from: readPayTerms(from.clauses), to: readPayTerms(to.clauses) };
  return { terms, result: computeImpact(terms.from, terms.to, input, { monthly: round.monthly, hourly: round.hourly }) };
}

/** The impact.json body (contract), money to the fen. */
export function presentImpact(result: ImpactResult) {
  const side = (figures: ImpactResult["from"]) => ({ monthly: roundTo(figures.monthly, 2), hourly: roundTo(figures.hourly, 2) });
  const breakEven = (figures: ImpactResult["from"]) => (Number.isFinite(figures.breakEven) ? roundTo(figures.breakEven, 2) : null);
  return {
    from: side(result.from),
    to: side(result.to),
    change: { monthly: roundTo(result.change.monthly, 2), percent: result.change.percent === null ? null : roundTo(result.change.percent, 1) },
    floor: { monthly: result.floor.monthly, hourly: result.floor.hourly },
    breakEven: { from: breakEven(result.from), to: breakEven(result.to) },
  };
}
