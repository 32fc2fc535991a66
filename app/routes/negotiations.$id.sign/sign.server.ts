import type { AppLoadContext } from "@remix-run/node";
import { organisationChoices } from "~/db/queries/organisations";
import { latestRatification, listSignOffs, organisationTree, recordedDelegations, slotOfSignOff } from "~/db/queries/signing";
import { findVersion, listVersions } from "~/db/queries/versions";
import { organisationOfUser } from "~/db/queries/accounts";
import { signAgreement } from "~/server/commands/agreementSigner";
import { done } from "~/server/commands/commandResult";
import { recordFiling, recordPublication, recordReview } from "~/server/commands/filingRecorder";
import { recordRatification } from "~/server/commands/ratificationRecorder";
import { REQUIRED_SIGNATURES, signingAuthority, SLOT_LABELS } from "~/server/policies/signing";
import { RATIFICATION_BODY_LABELS } from "~/server/presenters/signatureRecord";
import { contentHash } from "~/server/versions/contentHash";
import { agreementProgress } from "~/server/workflow/progress";
import { chinaToday, filingDeadline, negotiationClocks, takesEffectOn } from "~/shared/rules/deadlines";
import { ratificationVerdict } from "~/shared/rules/ratification";
import { SIGNING_INTENTS, type SigningIntent } from "~/shared/schemas/signing";
import type { NegotiationAccess } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";
import { refusalLabel } from "~/shared/i18n/refusals";

/** The sign page's whitelist: progress, the vote, the signatures, the post-signing records and clocks. */
export async function signPage(context: AppLoadContext, access: NegotiationAccess, now = new Date()) {
  const { db } = context.driver;
  const { negotiation, membership, user, abilities } = access;
  const { locked } = access.facts;
  const content = await context.collab.readAgreement(negotiation.id);
  const progress = await agreementProgress(db, negotiation, content);
  const liveHash = contentHash(content);
  const ratification = await latestRatification(db, negotiation.id);
  const ratifiedVersion = ratification ? await findVersion(db, negotiation.id, ratification.versionId) : undefined;
  const verdict = ratification ? ratificationVerdict(ratification) : null;
  const versions = await listVersions(db, negotiation.id);
  const matching = versions.filter((v) => v.contentHash === liveHash).reverse();
  const alreadyRatified = Boolean(ratification?.valid && ratifiedVersion?.contentHash === liveHash);

  const signatures = ratification ? (await listSignOffs(db, negotiation.id)).filter((s) => s.signOff.versionId === ratification.versionId) : [];
  const signedSlots = signatures.map((s) => slotOfSignOff(s.signOff));
  const today = chinaToday(now);
  const organisationId = await organisationOfUser(db, user.id);
  const authority = signingAuthority(
    { side: membership.side, role: membership.role, organisationId },
    { mode: negotiation.mode, negotiationId: negotiation.id, unionOrgId: negotiation.unionOrgId, locked, signedSlots, delegations: await recordedDelegations(db, negotiation.id), tree: await organisationTree(db), today },
  );
  const readyToSign = progress.allAgreed && alreadyRatified && !locked;

  return {
    negotiation: {
      id: negotiation.id,
      title: negotiation.title,
      mode: negotiation.mode,
      status: negotiation.status,
      locked,
      signedOn: negotiation.signedOn,
      filedOn: negotiation.filedOn,
      reviewOutcome: negotiation.reviewOutcome,
      reviewedOn: negotiation.reviewedOn,
      reviewNote: negotiation.reviewNote,
      effectiveOn: negotiation.effectiveOn,
      expiresOn: negotiation.expiresOn,
    },
    today,
    progress: { total: progress.total, agreed: progress.agreed, allAgreed: progress.allAgreed },
    ratification:
      ratification && verdict
        ? {
            body: RATIFICATION_BODY_LABELS[ratification.body],
            total: ratification.total,
            attended: ratification.attended,
            approved: ratification.approved,
            against: ratification.against,
            abstained: ratification.abstained,
            heldOn: ratification.heldOn,
            resolutionNo: ratification.resolutionNo,
            valid: ratification.valid,
            requiredAttendance: verdict.requiredAttendance,
            requiredApproval: verdict.requiredApproval,
            explanation: refusalLabel(verdict.explanation),
            versionLabel: ratifiedVersion?.label ?? "",
            contentHash: ratifiedVersion?.contentHash ?? "",
            matchesLive: ratifiedVersion?.contentHash === liveHash,
          }
        : null,
    ratify: {
      allowed: abilities.recordRatification && progress.allAgreed && !alreadyRatified,
      mayRecord: abilities.recordRatification,
      versions: matching.map((v) => ({ id: v.id, label: v.label, seq: v.seq })),
      defaultVersionId: matching[0]?.id ?? "live",
    },
    signing: {
      ready: readyToSign,
      contentHash: ratifiedVersion?.contentHash ?? null,
      slots: REQUIRED_SIGNATURES[negotiation.mode].map((slot) => {
        const s = signatures.find((x) => slotOfSignOff(x.signOff) === slot);
        return { slot, label: SLOT_LABELS[slot], signed: s ? { name: s.signatoryName, capacity: s.signOff.capacity, signedAt: new Date(s.signOff.signedAt).toISOString(), contentHash: s.signOff.contentHash } : null };
      }),
      me: authority.ok ? { ok: true as const, slot: authority.slot, label: SLOT_LABELS[authority.slot] } : { ok: false as const, code: authority.code, reason: refusalLabel(authority.text) },
    },
    postSigning: {
      mayFile: abilities.recordFiling && negotiation.filedOn === null,
      /** The labour administrations a filing may name (L-11): id and name only. */
      authorities: abilities.recordFiling && negotiation.filedOn === null ? (await organisationChoices(db)).filter((o) => o.kind === "authority").map((o) => ({ id: o.id, name: o.name })) : [],
      mayReview: abilities.recordReview && negotiation.filedOn !== null && negotiation.reviewOutcome === null,
      mayPublish: abilities.recordReview && negotiation.effectiveOn !== null && negotiation.publishedOn === null,
      publishedOn: negotiation.publishedOn,
      filingDeadline: negotiation.signedOn ? filingDeadline(negotiation.signedOn) : null,
      effectiveIfNoObjection: negotiation.filedOn ? takesEffectOn(negotiation.filedOn) : null,
      clocks: negotiation.signedOn
        ? negotiationClocks(
            { proposedOn: negotiation.proposedOn, answeredOn: negotiation.answeredOn ?? negotiation.signedOn, signedOn: negotiation.signedOn, filedOn: negotiation.filedOn ?? undefined, publishedOn: negotiation.publishedOn ?? undefined, expiresOn: negotiation.expiresOn ?? undefined },
            today,
          ).filter((c) => c.key !== "proposal_answer")
        : [],
    },
  };
}

/**
 * The sign page's five forms. Each asks the policy for its action (a locked agreement refuses
 * ratify and sign, accepts only the post-signing records), is checked by its schema and done by
 * one command; the commands' refusal codes decide the status (commandResult.ts).
 */
const SIGN_INTENTS = {
  ratify: intent({
    schema: SIGNING_INTENTS.ratify,
    policy: "recordRatification",
    run: (data, { context, actor }) =>
      recordRatification(context, actor, {
        body: data.body,
        total: data.total as number,
        attended: data.attended as number,
        approved: data.approved as number,
        against: data.against as number | undefined,
        abstained: data.abstained as number | undefined,
        heldOn: data.heldOn,
        resolutionNo: data.resolutionNo,
        versionId: data.versionId,
      }),
  }),
  sign: intent({
    schema: SIGNING_INTENTS.sign,
    policy: "sign",
    run: async (data, { context, actor }) => {
      const result = await signAgreement(context, actor, { password: data.password, clientAddress: context.clientAddress });
      return result.ok ? done({ complete: result.value.complete }) : result;
    },
  }),
  file: intent({ schema: SIGNING_INTENTS.file, policy: "recordFiling", run: (data, { context, actor }) => recordFiling(context, actor, { filedOn: data.filedOn, filedWithOrgId: data.filedWithOrgId }) }),
  review: intent({
    schema: SIGNING_INTENTS.review,
    policy: "recordReview",
    run: (data, { context, actor }) =>
      recordReview(context, actor, {
        outcome: data.outcome,
        reviewedOn: data.reviewedOn,
        termYears: data.outcome === "no_objection" ? (Number(data.termYears) as 1 | 2 | 3) : undefined,
        note: data.note,
      }),
  }),
  publish: intent({ schema: SIGNING_INTENTS.publish, policy: "recordReview", run: (data, { context, actor }) => recordPublication(context, actor, { publishedOn: data.publishedOn }) }),
} satisfies Record<SigningIntent, unknown>;

export type SignActionData = IntentOutcome<typeof SIGN_INTENTS>;

export async function signAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, { intents: SIGN_INTENTS, unknownIntentPolicy: "read" });
}
