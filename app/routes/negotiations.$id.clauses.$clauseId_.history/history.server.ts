import { json, type AppLoadContext } from "@remix-run/node";
import { listVersionsWithContent } from "~/db/queries/versions";
import { listRounds } from "~/db/queries/rounds";
import { CLAUSE_ID_PATTERN } from "~/shared/agreement";
import { LIVE } from "~/shared/schemas/version";
import { clauseHistory } from "~/shared/versionHistory";
import type { NegotiationAccess } from "../../guards.server";
import { refusalText } from "~/shared/i18n/refusals";

/** One clause through every version and the live draft (presenter: only what the page shows). */
export async function clauseHistoryPage(context: AppLoadContext, access: NegotiationAccess, clauseId: string | undefined) {
  if (!clauseId || !CLAUSE_ID_PATTERN.test(clauseId)) throw json({ error: "not_found", message: refusalText(access.lang, { key: "request.noSuchClause" }) }, { status: 404 });
  const { negotiation } = access;
  const versions = await listVersionsWithContent(context.driver.db, negotiation.id);
  const live = await context.collab.readAgreement(negotiation.id);
  type Step = { id: string; seq: number | null; label: string; side: string | null; author: string | null; createdAt: string | null };
  const steps = clauseHistory<Step>(clauseId, [
    ...versions.map((v) => ({
      version: { id: v.id, seq: v.seq, label: v.label, side: v.side, author: v.authorName, createdAt: new Date(v.createdAt).toISOString() },
      content: v.agreement,
    })),
    { version: { id: LIVE, seq: null, label: "", side: null, author: null, createdAt: null }, content: live },
  ]);
  if (steps.every((s) => s.clause === null)) throw json({ error: "not_found", message: refusalText(access.lang, { key: "request.noSuchClause" }) }, { status: 404 });
  const latest = [...steps].reverse().find((s) => s.clause)!.clause!;
  return {
    negotiation: { id: negotiation.id, title: negotiation.title },
    clause: { id: clauseId, title: latest.title },
    /** the tabled rounds that changed this clause in the live draft. */
    rounds: (await listRounds(context.driver.db, negotiation.id))
      .filter((r) => r.changedClauses.includes(clauseId))
      .map((r) => ({ round: r.round, side: r.side, label: r.versionLabel, versionId: r.versionId, tabledAt: new Date(r.tabledAt).toISOString(), tabledByName: r.tabledByName })),
    steps: steps.map((s) => ({ version: s.version, articleNumber: s.articleNumber, changes: s.changes, title: s.clause?.title ?? null, parts: s.parts })),
  };
}
