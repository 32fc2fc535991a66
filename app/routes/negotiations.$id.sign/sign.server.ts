import { json, type AppLoadContext } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { ledgerOrganisations } from "../../../db/queries/ledger";
import { latestRatification, listSignOffs, organisationTree, recordedDelegations, slotOfSignOff } from "../../../db/queries/signing";
import { findVersion, listVersions } from "../../../db/queries/versions";
import { users } from "../../../db/schema";
import { signAgreement } from "../../../server/commands/agreementSigner";
import type { CommandRefusal } from "../../../server/commands/commandResult";
import { recordFiling, recordPublication, recordReview } from "../../../server/commands/filingRecorder";
import { recordRatification } from "../../../server/commands/ratificationRecorder";
import { canRecordFiling, canRecordRatification, canRecordReview, REQUIRED_SIGNATURES, signingAuthority, SLOT_LABELS } from "../../../server/policies/signing";
import { RATIFICATION_BODY_LABELS } from "../../../server/presenters/signatureRecord";
import { contentHash } from "../../../server/versions/contentHash";
import { agreementProgress } from "../../../server/workflow/progress";
import { chinaToday, filingDeadline, negotiationClocks, takesEffectOn } from "../../../shared/rules/deadlines";
import { ratificationVerdict } from "../../../shared/rules/ratification";
import { isSigningIntent, SIGNING_INTENTS, type SigningIntent } from "../../../shared/schemas/signing";
import { fieldErrors, requireNegotiation, type NegotiationAccess } from "../../guards.server";

/** The sign page's whitelist: progress, the vote, the signatures, the post-signing records and clocks. */
export async function signPage(context: AppLoadContext, access: NegotiationAccess, now = new Date()) {
  const { db } = context;
  const { negotiation, membership, user } = access;
  const locked = negotiation.lockedAt !== null;
  const content = await context.collab.readAgreement(negotiation.id);
  const progress = agreementProgress(db, negotiation, content);
  const liveHash = contentHash(content);
  const ratification = latestRatification(db, negotiation.id);
  const ratifiedVersion = ratification ? findVersion(db, negotiation.id, ratification.versionId) : undefined;
  const verdict = ratification ? ratificationVerdict(ratification) : null;
  const versions = listVersions(db, negotiation.id);
  const matching = versions.filter((v) => v.contentHash === liveHash).reverse();
  const alreadyRatified = Boolean(ratification?.valid && ratifiedVersion?.contentHash === liveHash);

  const signatures = ratification ? listSignOffs(db, negotiation.id).filter((s) => s.signOff.versionId === ratification.versionId) : [];
  const signedSlots = signatures.map((s) => slotOfSignOff(s.signOff));
  const today = chinaToday(now);
  const organisationId = db.select({ organisationId: users.organisationId }).from(users).where(eq(users.id, user.id)).get()?.organisationId ?? null;
  const authority = signingAuthority(
    { side: membership.side, role: membership.role, organisationId },
    { mode: negotiation.mode, negotiationId: negotiation.id, unionOrgId: negotiation.unionOrgId, locked, signedSlots, delegations: recordedDelegations(db, negotiation.id), tree: organisationTree(db), today },
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
            explanation: { zh: verdict.explanationZh, en: verdict.explanationEn },
            versionLabel: ratifiedVersion?.label ?? "",
            contentHash: ratifiedVersion?.contentHash ?? "",
            matchesLive: ratifiedVersion?.contentHash === liveHash,
          }
        : null,
    ratify: {
      allowed: canRecordRatification(membership, locked) && progress.allAgreed && !alreadyRatified,
      mayRecord: canRecordRatification(membership, locked),
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
      me: authority.ok ? { ok: true as const, slot: authority.slot, label: SLOT_LABELS[authority.slot] } : { ok: false as const, code: authority.code, reason: { zh: authority.messageZh, en: authority.messageEn } },
    },
    postSigning: {
      mayFile: canRecordFiling(membership, locked) && negotiation.filedOn === null,
      /** The labour administrations a filing may name (L-11): id and name only. */
      authorities: canRecordFiling(membership, locked) && negotiation.filedOn === null ? ledgerOrganisations(db).filter((o) => o.kind === "authority").map((o) => ({ id: o.id, name: o.name })) : [],
      mayReview: canRecordReview(membership, locked) && negotiation.filedOn !== null && negotiation.reviewOutcome === null,
      mayPublish: canRecordReview(membership, locked) && negotiation.effectiveOn !== null && negotiation.publishedOn === null,
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

export type SignActionData = { intent: SigningIntent | null; errors: Record<string, string> } | { intent: SigningIntent; done: true; complete?: boolean };

/** Refusals of authority answer 403 — the sign form's one answer for a wrong password or no authority now too; an unmet precondition 400. */
const AUTHORITY_REFUSALS = new Set(["not_signed", "forbidden", "locked", "not_signatory", "already_signed", "no_organisation", "no_delegation", "out_of_scope", "revoked", "invalid_period", "not_yet_valid", "expired", "unknown_org", "invalid_delegator", "delegate_not_union", "wrong_direction"]);

function refusal(intent: SigningIntent, r: CommandRefusal & { retryAfterSeconds?: number }) {
  // Too many wrong passwords: the sign-in throttle's own answer.
  if (r.retryAfterSeconds !== undefined) {
    return json<SignActionData>({ intent, errors: { [r.field ?? "_form"]: r.message } }, { status: 429, headers: { "Retry-After": String(r.retryAfterSeconds) } });
  }
  const status = AUTHORITY_REFUSALS.has(r.code) ? 403 : 400;
  return json<SignActionData>({ intent, errors: { [r.field ?? "_form"]: r.message } }, { status });
}

const FORBIDDEN = { error: "forbidden", message: "协议已签署锁定或您的角色不能执行此操作 (locked, or your role may not do this)" };

/** One form per intent, checked by its schema, authorised by the policy, done by one command. */
export async function signAction(request: Request, context: AppLoadContext, id: string | undefined) {
  const access = requireNegotiation(request, context, id, "read");
  const form = Object.fromEntries(await request.formData());
  const intent = isSigningIntent(form.intent) ? form.intent : null;
  if (!intent) return json<SignActionData>({ intent: null, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const { negotiation, membership, user } = access;
  const locked = negotiation.lockedAt !== null;
  // Mutations of the agreement refuse a locked negotiation before anything else; only the post-signing records pass.
  if ((intent === "ratify" || intent === "sign") && locked) throw json(FORBIDDEN, { status: 403 });
  if (intent === "ratify" && !canRecordRatification(membership, locked)) throw json(FORBIDDEN, { status: 403 });
  if (intent === "file" && !canRecordFiling(membership, locked)) throw json(FORBIDDEN, { status: 403 });
  if ((intent === "review" || intent === "publish") && !canRecordReview(membership, locked)) throw json(FORBIDDEN, { status: 403 });

  const parsed = SIGNING_INTENTS[intent].safeParse(form);
  if (!parsed.success) return json<SignActionData>({ intent, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
  const actor = { negotiation, userId: user.id, membership };
  const data = parsed.data;
  switch (data.intent) {
    case "ratify": {
      const result = await recordRatification(context, actor, {
        body: data.body,
        total: data.total as number,
        attended: data.attended as number,
        approved: data.approved as number,
        against: data.against as number | undefined,
        abstained: data.abstained as number | undefined,
        heldOn: data.heldOn,
        resolutionNo: data.resolutionNo,
        versionId: data.versionId,
      });
      return result.ok ? json<SignActionData>({ intent, done: true }) : refusal(intent, result);
    }
    case "sign": {
      const result = await signAgreement(context, actor, data.password);
      return result.ok ? json<SignActionData>({ intent, done: true, complete: result.value.complete }) : refusal(intent, result);
    }
    case "file": {
      const result = recordFiling(context.db, context.events, actor, data.filedOn, data.filedWithOrgId);
      return result.ok ? json<SignActionData>({ intent, done: true }) : refusal(intent, result);
    }
    case "review": {
      const result = recordReview(context.db, context.events, actor, {
        outcome: data.outcome,
        reviewedOn: data.reviewedOn,
        termYears: data.outcome === "no_objection" ? (Number(data.termYears) as 1 | 2 | 3) : undefined,
        note: data.note,
      });
      return result.ok ? json<SignActionData>({ intent, done: true }) : refusal(intent, result);
    }
    case "publish": {
      const result = recordPublication(context.db, context.events, actor, data.publishedOn);
      return result.ok ? json<SignActionData>({ intent, done: true }) : refusal(intent, result);
    }
  }
}
