import type { Db } from "~/db/client";
import { listVersionsWithContent } from "~/db/queries/versions";
import { countChangedClauses } from "~/shared/versionHistory";
import { presentVersion } from "../presenters/version";

/** A negotiation's versions, oldest first, each with the number of clauses changed since the one before. */
export async function versionTimeline(db: Db, negotiationId: string) {
  const rows = await listVersionsWithContent(db, negotiationId);
  return rows.map((row, index) => presentVersion(row, index === 0 ? null : countChangedClauses(rows[index - 1]!.agreement, row.agreement)));
}
