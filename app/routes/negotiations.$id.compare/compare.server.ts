import { json, type AppLoadContext } from "@remix-run/node";
import { listRounds } from "~/db/queries/rounds";
import { listVersions } from "~/db/queries/versions";
import { comparisonEvidence } from "~/server/evidence/comparisonEvidence";
import { caucusSideOf, type Membership } from "~/server/policies/negotiation";
import { previousRoundOfOtherSide } from "~/shared/rounds/turns";
import { compareRefs, presentComparison, type ComparisonSide } from "~/server/versions/comparison";
import type { AgreementComparison } from "~/shared/diff/compareAgreements";
import { parseCompareQuery } from "~/shared/schemas/version";
import { issueText } from "~/shared/schemas/issueText";
import { requireNegotiation, type NegotiationAccess } from "../../guards.server";
import { fieldErrorText, refusalText } from "~/shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";

export interface LoadedComparison {
  access: NegotiationAccess;
  from: ComparisonSide;
  to: ComparisonSide;
  comparison: AgreementComparison;
}

/**
 * Shared by compare.json, compare.docx and the compare page: authorises through the policy
 * module (`action`), checks `from`/`to` with the zod schema (400 naming the field, in the request's language), and
 * resolves both (404 naming the unknown version).
 */
export async function requireComparison(request: Request, context: AppLoadContext, id: string | undefined, action: "read" | "export", kind: "page" | "api"): Promise<LoadedComparison> {
  const access = await requireNegotiation(request, context, id, action, kind);
  const query = parseCompareQuery(new URL(request.url));
  if (!query.success) {
    const issue = query.error.issues[0]!;
    throw json({ error: "bad_request", field: String(issue.path[0] ?? ""), message: refusalText(langOf(request), { key: "request.parameter", params: { field: String(issue.path[0] ?? ""), message: fieldErrorText(langOf(request), issueText(issue)) } }) }, { status: 400 });
  }
  const result = await compareRefs(context.driver.db, context.collab, access.negotiation.id, query.data, { name: access.user.displayName, side: access.membership.side });
  if (!result.ok) {
    throw json({ error: "not_found", message: refusalText(langOf(request), { key: "version.noSuchRef", params: { version: result.missing } }) }, { status: 404 });
  }
  return { access, from: result.from, to: result.to, comparison: result.comparison };
}

export function comparisonJson(loaded: LoadedComparison) {
  return presentComparison(loaded.from, loaded.to, loaded.comparison);
}

/** The default comparison when the page is opened without `from`/`to`: the last two versions, or the last version against the live draft. */
export async function defaultComparison(context: AppLoadContext, negotiationId: string): Promise<{ from: string; to: string } | null> {
  const versions = await listVersions(context.driver.db, negotiationId);
  if (versions.length >= 2) return { from: versions.at(-2)!.id, to: versions.at(-1)!.id };
  if (versions.length === 1) return { from: versions[0]!.id, to: "live" };
  return null;
}

/** The saved versions the page's two pickers offer. */
export async function versionChoices(context: AppLoadContext, negotiationId: string) {
  return (await listVersions(context.driver.db, negotiationId)).map((v) => ({ id: v.id, label: v.label, seq: v.seq }));
}

/** the latest round against the other side's round before it, one click away; null before two rounds. */
export async function roundPairOf(context: AppLoadContext, negotiationId: string): Promise<{ from: string; to: string } | null> {
  const rounds = await listRounds(context.driver.db, negotiationId);
  const latest = rounds.at(-1);
  const counterpart = latest ? previousRoundOfOtherSide(rounds, latest) : null;
  return latest && counterpart ? { from: counterpart.versionId, to: latest.versionId } : null;
}

/** Members of a side may put their own private draft on either side of a comparison. */
export function mayComparePrivateDraft(membership: Membership): boolean {
  return caucusSideOf(membership) !== null;
}

/** Issue 13: findings of both texts and the impact calculator's terms, computed on the server. */
export async function comparisonEvidenceOf(context: AppLoadContext, loaded: LoadedComparison, url: URL) {
  return await comparisonEvidence(context.driver.db, loaded.access.negotiation.id, loaded.from, loaded.to, url);
}
