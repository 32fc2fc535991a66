import { inArray } from "drizzle-orm";
import { verifyChain } from "../audit";
import type { Db } from "../client";
import { delegations } from "../schema";
import { findNegotiation, listParticipants, organisationsById } from "./negotiations";
import { latestRatification, listSignOffs } from "./signing";
import { findVersion } from "./versions";

/**
 * Everything the 签署记录 is made of (server/presenters/signatureRecord.ts whitelists it): the
 * negotiation, the latest vote and its version, the signatures given on that version with the
 * delegations they rest on, the names of the organisations involved, the seats, the audit chain.
 */
export async function signatureRecordFacts(db: Db, negotiationId: string) {
  const negotiation = await findNegotiation(db, negotiationId);
  if (!negotiation) throw new Error(`no negotiation ${negotiationId}`);
  const ratification = await latestRatification(db, negotiationId);
  const ratifiedVersion = ratification ? await findVersion(db, negotiationId, ratification.versionId) : undefined;
  const signOffs = (await listSignOffs(db, negotiationId)).filter((r) => !ratification || r.signOff.versionId === ratification.versionId);
  const delegationIds = signOffs.map((r) => r.signOff.delegationId).filter((id): id is string => id !== null);
  const usedDelegations = delegationIds.length ? await db.select().from(delegations).where(inArray(delegations.id, delegationIds)) : [];
  const organisations = await organisationsById(db, [negotiation.unionOrgId, negotiation.enterpriseOrgId, ...usedDelegations.flatMap((d) => [d.fromOrgId, d.toOrgId])]);
  return {
    negotiation,
    ratification,
    ratifiedVersion,
    signOffs,
    usedDelegations,
    organisations,
    participants: await listParticipants(db, negotiationId),
    chain: await verifyChain(db, negotiationId),
  };
}

export type SignatureRecordFacts = Awaited<ReturnType<typeof signatureRecordFacts>>;
