import type { Driver } from "../../db/driver";
import { listNegotiationsOf, organisationsById } from "../../db/queries/negotiations";
import type { CollabService } from "../collab/service";
import { presentNegotiationSummary, type NegotiationSummary } from "../presenters/negotiationSummary";
import { agreementProgress } from "../workflow/progress";

/** "My negotiations": only those the user takes part in, each with its live draft's topics, progress and clocks. */
export async function listMyNegotiations(driver: Driver, collab: CollabService, userId: string): Promise<NegotiationSummary[]> {
  const db = driver.db;
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
