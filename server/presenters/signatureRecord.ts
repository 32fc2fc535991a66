import type { SignatureRecordFacts } from "~/db/queries/signatureRecord";
import { ROLE_LABELS, SIDE_LABELS, type Role } from "~/shared/roles";
import { refusalLabel, refusalText } from "~/shared/i18n/refusals";
import { ratificationVerdict } from "~/shared/rules/ratification";
import { slotOfSignOff } from "~/shared/signatures";

export const RATIFICATION_BODY_LABELS = {
  congress: { zh: "职工代表大会", en: "Workers' congress" },
  assembly: { zh: "职工大会", en: "All workers' assembly" },
} as const;

export const SIGNATURE_SIDE_LABELS = {
  union: { zh: "工会方", en: "Union side" },
  enterprise: { zh: "企业方", en: "Enterprise side" },
  participant: { zh: "参与方(上参下)", en: "Participant (上参下)" },
} as const;

/**
 * 签署记录: the whitelist of what the signature record page and the exports print about who signed
 * what, in which capacity, on which delegation, after which vote — and the audit chain's state.
 * `signatures` are those given on the ratified version, oldest first; `signedAt` is ISO 8601 UTC.
 * `delegationRef` spells out the 委托书 a signature rests on (null for a chief's own signature).
 * `auditChainHead` is the SHA-256 head of the negotiation's audit chain when it verifies, null when
 * it does not (then `auditChain` names the first broken entry).
 */
export function presentSignatureRecord(facts: SignatureRecordFacts) {
  const { negotiation, ratification, ratifiedVersion, signOffs: rows, usedDelegations, organisations: orgs, participants, chain } = facts;
  const orgName = (id: string | undefined | null) => (id ? (orgs.get(id)?.name ?? "") : "");

  const signatures = rows.map(({ signOff, signatoryName }) => {
    const slot = slotOfSignOff(signOff);
    const delegation = usedDelegations.find((d) => d.id === signOff.delegationId);
    const organisation = delegation ? orgName(delegation.toOrgId) : slot === "enterprise_chief" ? orgName(negotiation.enterpriseOrgId) : orgName(negotiation.unionOrgId);
    return {
      side: signOff.side,
      sideLabel: SIGNATURE_SIDE_LABELS[signOff.side].zh,
      slot,
      organisation,
      signatoryName,
      capacity: signOff.capacity,
      signedAt: new Date(signOff.signedAt).toISOString(),
      contentHash: signOff.contentHash,
      delegationRef: delegation
        ? `委托书 ${delegation.letterNo}(${orgName(delegation.fromOrgId)} → ${orgName(delegation.toOrgId)},${delegation.kind === "represent" ? "上代下" : "上参下"},有效期 ${delegation.validFrom} 至 ${delegation.validTo})`
        : null,
    };
  });

  const verdict = ratification
    ? ratificationVerdict({ total: ratification.total, attended: ratification.attended, approved: ratification.approved, against: ratification.against, abstained: ratification.abstained })
    : null;

  const representatives = participants
    .filter((p): p is typeof p & { side: "union" | "enterprise" } => p.side === "union" || p.side === "enterprise")
    .map((p) => ({ side: p.side, sideLabel: SIDE_LABELS[p.side].zh, name: p.displayName, role: p.role as Role, roleLabel: ROLE_LABELS[p.role].zh }));

  return {
    negotiation: { id: negotiation.id, title: negotiation.title, mode: negotiation.mode, status: negotiation.status, signedOn: negotiation.signedOn, filedOn: negotiation.filedOn, effectiveOn: negotiation.effectiveOn, expiresOn: negotiation.expiresOn },
    /** The SHA-256 of the ratified (and, once signed, the signed) text. */
    contentHash: ratifiedVersion?.contentHash ?? null,
    versionLabel: ratifiedVersion?.label ?? null,
    signatures,
    ratification:
      ratification && verdict
        ? {
            body: RATIFICATION_BODY_LABELS[ratification.body].zh,
            total: ratification.total,
            attended: ratification.attended,
            approved: ratification.approved,
            against: ratification.against,
            abstained: ratification.abstained,
            date: ratification.heldOn,
            resolutionNo: ratification.resolutionNo,
            valid: ratification.valid,
            /** What the documents print (Chinese). */
            verdictText: refusalText("zh", verdict.explanation),
            /** The page's: the catalogue's rendering in either language, picked by the viewer's. */
            verdict: refusalLabel(verdict.explanation),
          }
        : null,
    representatives,
    auditChainHead: chain.ok ? chain.head : null,
    auditChain: chain.ok ? { ok: true as const, entries: chain.entries } : { ok: false as const, entries: chain.entries, brokenId: chain.brokenId, reason: chain.reason },
  };
}

export type SignatureRecord = ReturnType<typeof presentSignatureRecord>;
