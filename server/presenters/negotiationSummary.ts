import type { NegotiationRow } from "~/db/queries/negotiations";
import type { AgreementContent } from "~/shared/agreement";
import type { Role, Side } from "~/shared/roles";
import { chinaToday, negotiationClocks } from "~/shared/rules/deadlines";
import type { TopicKey } from "~/shared/topics";

/** The whitelist of fields a dashboard card (and GET /api/negotiations) shows of a negotiation. */
export function presentNegotiationSummary(
  negotiation: NegotiationRow,
  seat: { side: Side; role: Role },
  orgNames: Map<string, { name: string }>,
  content: AgreementContent | null,
  progress: { agreed: number; total: number },
  today = chinaToday(),
) {
  const topics: TopicKey[] = [];
  for (const clause of content?.clauses ?? []) if (!topics.includes(clause.topic)) topics.push(clause.topic);
  return {
    id: negotiation.id,
    title: negotiation.title,
    status: negotiation.status,
    mode: negotiation.mode,
    scope: negotiation.scope,
    region: negotiation.region,
    industry: negotiation.industry,
    unionParty: orgNames.get(negotiation.unionOrgId)?.name ?? "",
    enterpriseParty: orgNames.get(negotiation.enterpriseOrgId)?.name ?? "",
    higherUnion: negotiation.higherUnionOrgId ? (orgNames.get(negotiation.higherUnionOrgId)?.name ?? "") : null,
    proposedOn: negotiation.proposedOn,
    locked: negotiation.lockedAt !== null,
    seat,
    topics,
    clauseCount: content?.clauses.length ?? 0,
    /** Clauses at 暂定一致, of all clauses of the live draft. */
    progress,
    clocks: negotiationClocks(
      {
        proposedOn: negotiation.proposedOn,
        answeredOn: negotiation.answeredOn ?? undefined,
        signedOn: negotiation.signedOn ?? undefined,
        filedOn: negotiation.filedOn ?? undefined,
        publishedOn: negotiation.publishedOn ?? undefined,
        expiresOn: negotiation.expiresOn ?? undefined,
      },
      today,
    ),
  };
}

export type NegotiationSummary = ReturnType<typeof presentNegotiationSummary>;
