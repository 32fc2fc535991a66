import { listNegotiationsOf, organisationsById } from "~/db/queries/negotiations";
import { presentNegotiationSummary, type NegotiationSummary } from "../presenters/negotiationSummary";
import { agreementProgress } from "../workflow/progress";
import type { Actor, CommandContext } from "./commandContext";

/** "My negotiations": only those the user takes part in, each with its live draft's topics, progress and clocks. */
export async function listMyNegotiations(ctx: Pick<CommandContext, "driver" | "collab">, actor: Pick<Actor, "userId">, _input: Record<string, never>): Promise<NegotiationSummary[]> {
  const { collab } = ctx;
  const { userId } = actor;
  const db = ctx.driver.db;
  const rows = await listNegotiationsOf(db, userId);
  const orgIds = rows.flatMap((r) => [r.negotiation.unionOrgId, r.negotiation.enterpriseOrgId, r.negotiation.higherUnionOrgId ?? ""]).filter(Boolean);
  const orgs = await organisationsById(db, orgIds);
  return Promise.all(
    rows.map(async (r) => {
      const content = await collab.readAgreement(r.negotiation.id);
      const progress = await agreementProgress(db, r.negotiation, content);
      return presentNegotiationSummary(r.negotiation, { side: r.side, role: r.role }, orgs, content, { agreed: progress.agreed, total: progress.total });
    }),
  );
}
