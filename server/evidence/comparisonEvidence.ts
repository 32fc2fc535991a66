import type { Db } from "~/db/client";
import { listMinimumWageRounds, negotiationWageArea } from "~/db/queries/minimumWages";
import { FLOORS, type RuleKey } from "~/shared/evidence/dataset";
import { knownAreas, roundInForce } from "~/shared/evidence/floorsInForce";
import { IMPACT_DEFAULTS, impactInputSchema } from "~/shared/evidence/impact";
import { readPayTerms } from "~/shared/evidence/payTerms";
import { chinaToday } from "~/shared/rules/deadlines";
import type { ComparisonSide } from "../versions/comparison";
import { findingsFor, type EvidenceText } from "./agreementEvidence";
import type { Finding } from "~/shared/evidence/clauseChecks";

/** The fields of a finding the pages show (no strength, no internals). */
export function presentFindingForPage(finding: Finding) {
  return { clauseId: finding.clauseId, rule: finding.rule, level: finding.level, figure: finding.figure, floor: finding.floor, message: finding.message, source: finding.source, confirmed: finding.confirmed };
}
export type PageFinding = ReturnType<typeof presentFindingForPage>;

/** The source entries a finding links to, by rule: document, issuer, article, effective date, confirmed. */
export function ruleSources() {
  return Object.fromEntries(
    (Object.keys(FLOORS.rules) as RuleKey[]).map((key) => {
      const entry = FLOORS.rules[key];
      return [key, { ...entry.source, effectiveFrom: entry.effectiveFrom, confirmed: entry.confirmed, summary: entry.summary }];
    }),
  ) as Record<RuleKey, { document: string; issuer: string; article?: string; effectiveFrom: string; confirmed: boolean; summary: { zh: string; en: string } }>;
}

const INPUT_KEYS = ["ordersPerDay", "daysPerMonth", "hoursPerDay", "nightShare", "weatherDays", "extraKm"] as const;

/**
 * Everything the compare page shows of the evidence (EV-10): the findings of both sides (the
 * newer judged `weaker` against the older), the area's round, both sides' pay terms and the
 * calculator's inputs from the URL (defaults where absent). The browser recomputes the impact
 * from these terms with the same shared functions as impact.json as the inputs change.
 */
export async function comparisonEvidence(db: Db, negotiationId: string, from: ComparisonSide, to: ComparisonSide, url: URL, now = new Date()) {
  const toText = (side: ComparisonSide): EvidenceText => ({ ref: side.ref, content: side.content, onDate: chinaToday(side.createdAt) });
  const before = await findingsFor(db, negotiationId, toText(from), { previous: null });
  const after = await findingsFor(db, negotiationId, toText(to), { previous: toText(from) });
  const rounds = await listMinimumWageRounds(db);
  const area = (await negotiationWageArea(db, negotiationId)) ?? "";
  const inputs = Object.fromEntries(INPUT_KEYS.map((key) => [key, url.searchParams.get(key) ?? String(IMPACT_DEFAULTS[key])])) as Record<(typeof INPUT_KEYS)[number], string>;
  return {
    area,
    areas: knownAreas(rounds),
    round: roundInForce(rounds, area, chinaToday(now)),
    findings: { from: before.findings.map(presentFindingForPage), to: after.findings.map(presentFindingForPage) },
    sources: ruleSources(),
    terms: { from: readPayTerms(from.content.clauses), to: readPayTerms(to.content.clauses) },
    inputs,
    inputsValid: impactInputSchema.safeParse(inputs).success,
  };
}
export type ComparisonEvidence = Awaited<ReturnType<typeof comparisonEvidence>>;

/** The negotiation's area, the areas it may be set to and the round in force today (workspace and compare pages). */
export async function wageAreaView(db: Db, negotiationId: string, now = new Date()) {
  const rounds = await listMinimumWageRounds(db);
  const area = (await negotiationWageArea(db, negotiationId)) ?? "";
  return { area, areas: knownAreas(rounds), round: roundInForce(rounds, area, chinaToday(now)) };
}

const LEVEL_ZH = { unlawful: "违反法定底线", weaker: "较上一轮减弱", ok: "符合" } as const;

/** The newer text's findings that need attention, as redline comments per clause (EV-10): reason, floor, source. */
export async function findingNotes(db: Db, negotiationId: string, from: ComparisonSide, to: ComparisonSide): Promise<Map<string, string[]>> {
  const toText = (side: ComparisonSide): EvidenceText => ({ ref: side.ref, content: side.content, onDate: chinaToday(side.createdAt) });
  const { findings } = await findingsFor(db, negotiationId, toText(to), { previous: toText(from) });
  const notes = new Map<string, string[]>();
  for (const f of findings) {
    if (f.level === "ok") continue;
    const note = `【同商·法定底线核查:${LEVEL_ZH[f.level]}】${f.message.zh}。底线:${f.floor};依据:${f.source}${f.confirmed ? "" : "(待核实)"}`;
    notes.set(f.clauseId, [...(notes.get(f.clauseId) ?? []), note]);
  }
  return notes;
}
