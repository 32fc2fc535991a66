import { eq } from "drizzle-orm";
import type { Db } from "~/db/client";
import type { Driver } from "~/db/driver";
import { appendAudit } from "~/db/audit";
import { REGION_NEGOTIATIONS, REGION_ORGANISATIONS, type RegionNegotiation } from "~/db/seed-data/region";
import { clauseStates, negotiations, ratifications, tentativeAgreements } from "~/db/schema";
import type { AgreementContent } from "~/shared/agreement";
import { applyAgreement } from "~/shared/collab/docShape";
import { addDays, addMonths, chinaToday, filingDeadline, takesEffectOn, type CalendarDate } from "~/shared/rules/deadlines";
import type { CollabService } from "./collab/service";
import { saveVersion } from "./commands/versionSaver";
import { makeOrganisations } from "./factories";
import { newId } from "./ids";
import { clauseContentHash } from "./workflow/clauseHash";

/** Noon in China on a calendar day, as the audit trail's epoch milliseconds. */
function noonOf(date: CalendarDate): number {
  return Date.parse(`${date}T04:00:00Z`);
}

interface Dated {
  day: CalendarDate;
  action: string;
  detail: Record<string, unknown>;
}

/**
 * Seeds the demo region (db/seed-data/region.ts) for the ledger (issue 14): its organisations and
 * a dozen negotiations with their drafts (through the collaboration pipeline), tentative
 * agreements, ratifications, dated steps and an audit trail dated on the days things happened,
 * so weekly and monthly reports of past periods have content. Nobody among the demo accounts
 * takes part in them: they show in ledgers, not on anyone's dashboard.
 *
 * Three steps, for speed: one transaction for the organisations and the negotiations' rows; the
 * drafts through the pipeline; one transaction for everything dated (agreements, ratifications,
 * the audit trail, negotiation by negotiation in the same order as before) — and only then are
 * the signed ones locked, once their drafts are in (a signed agreement's document refuses every update).
 */
export async function seedRegion(driver: Driver, collab: CollabService, draft: AgreementContent, today: CalendarDate = chinaToday()): Promise<void> {
  const plans = REGION_NEGOTIATIONS.map((spec) => planNegotiation(spec, { ...draft, title: spec.title }, today));
  await driver.write(async (tx) => {
    await makeOrganisations(driver, REGION_ORGANISATIONS);
    for (const plan of plans) await tx.insert(negotiations).values(plan.row);
  });
  for (const plan of plans) await collab.change(plan.spec.id, { userId: null, label: "seed" }, (doc) => applyAgreement(doc, plan.draft, null));
  await driver.write(async (tx) => {
    for (const plan of plans) await seedHistory(tx, plan);
  });
  for (const plan of plans) if (plan.signedOn) await collab.setLocked(plan.spec.id, true);
}

type Plan = ReturnType<typeof planNegotiation>;

function planNegotiation(spec: RegionNegotiation, draft: AgreementContent, today: CalendarDate) {
  const on = (days: number | undefined) => (days === undefined ? null : addDays(today, days));
  const proposedOn = on(spec.proposed)!;
  const answeredOn = on(spec.answered);
  const ratifiedOn = on(spec.ratified);
  const signedOn = on(spec.signed);
  const filedOn = on(spec.filed);
  const reviewedOn = on(spec.reviewed);
  const effectiveOn = reviewedOn && filedOn ? takesEffectOn(filedOn) : null;
  const expiresOn = effectiveOn ? addDays(addMonths(effectiveOn, spec.termMonths ?? 36), -1) : null;
  const publishedOn = on(spec.published);
  const latest = spec.coverage.at(-1)!;
  const status = effectiveOn ? "effective" : filedOn ? "filed" : signedOn ? "signed" : ratifiedOn ? "ratified" : spec.suspended ? "suspended" : answeredOn ? "bargaining" : "proposed";

  const row = {
    id: spec.id,
    title: spec.title,
    scope: spec.scope,
    region: spec.region,
    industry: spec.industry,
    mode: spec.mode,
    unionOrgId: spec.unionOrgId,
    enterpriseOrgId: spec.enterpriseOrgId,
    higherUnionOrgId: spec.higherUnionOrgId,
    proposedBySide: "union",
    proposedOn,
    answeredOn,
    status,
    signedOn,
    filedOn,
    effectiveOn,
    publishedOn,
    expiresOn,
    reviewOutcome: reviewedOn ? "no_objection" : null,
    reviewedOn,
    coverageEnterprises: latest.enterprises,
    coverageWorkers: latest.workers,
    algorithmConsultedOn: on(spec.algorithmConsulted),
    filedWithOrgId: filedOn ? spec.filedWithOrgId : null,
    createdAt: noonOf(proposedOn),
  } satisfies typeof negotiations.$inferInsert;
  return { spec, draft, today, row, proposedOn, answeredOn, ratifiedOn, signedOn, filedOn, reviewedOn, effectiveOn, expiresOn, publishedOn };
}

async function seedHistory(tx: Db, plan: Plan): Promise<void> {
  const { spec, draft, today, proposedOn, answeredOn, ratifiedOn, signedOn, filedOn, reviewedOn, effectiveOn, expiresOn, publishedOn } = plan;
  // Locked only once its draft is in: a signed agreement's document refuses every update.
  if (signedOn) await tx.update(negotiations).set({ lockedAt: noonOf(signedOn) }).where(eq(negotiations.id, spec.id));

  const events: Dated[] = [{ day: proposedOn, action: "negotiation.started", detail: { title: spec.title, mode: spec.mode, scope: spec.scope, proposedOn, draft: "seed", clauses: draft.clauses.length } }];
  if (answeredOn) events.push({ day: answeredOn, action: "proposal.answered", detail: { answeredOn, proposedOn } });
  const settleFrom = answeredOn ?? proposedOn;
  const settleUntil = ratifiedOn ?? addDays(today, -1);
  const span = Math.max(1, (Date.parse(settleUntil) - Date.parse(settleFrom)) / 86_400_000);
  for (const [i, clause] of draft.clauses.slice(0, spec.settled).entries()) {
    const day = addDays(settleFrom, Math.max(1, Math.round(((i + 1) * span) / (spec.settled + 1))));
    const at = noonOf(day);
    const taId = newId("ta");
    const contentHash = clauseContentHash(clause.title, clause.body);
    await tx
      .insert(tentativeAgreements)
      .values({ id: taId, negotiationId: spec.id, clauseId: clause.id, contentHash, agreedTitle: clause.title, agreedBody: clause.body, unionConfirmedAt: at, enterpriseConfirmedAt: at, createdAt: at });
    await tx.insert(clauseStates).values({ negotiationId: spec.id, clauseId: clause.id, status: "agreed", proposedBySide: "union", updatedAt: at });
    events.push({ day, action: "ta.confirmed", detail: { clauseId: clause.id, taId, side: "enterprise", contentHash } });
  }
  if (ratifiedOn) {
    const version = await saveVersion(tx, { negotiationId: spec.id, label: "提交职代会审议稿", side: "union", kind: "seed", createdBy: null, content: draft, createdAt: noonOf(ratifiedOn) });
    await tx
      .insert(ratifications)
      .values({ id: newId("r"), negotiationId: spec.id, versionId: version.id, body: "congress", total: 60, attended: 52, approved: 49, against: 2, abstained: 1, heldOn: ratifiedOn, resolutionNo: `${spec.id}-职代会决议`, valid: true, createdAt: noonOf(ratifiedOn) });
    events.push({ day: ratifiedOn, action: "ratification.recorded", detail: { versionId: version.id, heldOn: ratifiedOn, total: 60, attended: 52, approved: 49, valid: true } });
  }
  if (signedOn) events.push({ day: signedOn, action: "agreement.locked", detail: { signedOn } });
  if (filedOn && signedOn) events.push({ day: filedOn, action: "filing.recorded", detail: { filedOn, deadline: filingDeadline(signedOn), late: filedOn > filingDeadline(signedOn) } });
  if (reviewedOn) events.push({ day: reviewedOn, action: "review.recorded", detail: { outcome: "no_objection", reviewedOn, effectiveOn, expiresOn } });
  if (publishedOn) events.push({ day: publishedOn, action: "publication.recorded", detail: { publishedOn } });
  if (spec.suspended) events.push({ day: addDays(today, -10), action: "negotiation.suspended", detail: { reason: "双方同意中止,待补充调研数据" } });
  let before: { enterprises: number | null; workers: number | null } = { enterprises: null, workers: null };
  for (const c of spec.coverage) {
    events.push({ day: addDays(today, c.day), action: "coverage.updated", detail: { enterprises: c.enterprises, workers: c.workers, algorithmConsultedOn: null, before } });
    before = { enterprises: c.enterprises, workers: c.workers };
  }
  events.sort((a, b) => a.day.localeCompare(b.day));
  for (const e of events) await appendAudit(tx, { negotiationId: spec.id, actorId: null, action: e.action, detail: e.detail }, noonOf(e.day));
}
