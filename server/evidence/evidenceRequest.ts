import { json, type AppLoadContext } from "@remix-run/node";
import { listMinimumWageRounds } from "~/db/queries/minimumWages";
import { knownAreas, roundInForce, type WageRound } from "~/shared/evidence/floorsInForce";
import { areaQuerySchema } from "~/shared/schemas/evidence";
import { versionRefSchema } from "~/shared/schemas/version";
import type { ZodIssue } from "zod";
import { issueText } from "~/shared/schemas/issueText";
import type { Lang } from "~/shared/i18n/format";
import { fieldErrorText, refusalText, type RefusalText } from "~/shared/i18n/refusals";
import { resolveEvidenceText, type EvidenceText } from "./agreementEvidence";

/**
 * The query-string half of evidence.json and impact.json: every refusal is 400 naming the field,
 * in the request's language (Chinese by default, EV-7), and nothing is computed for a request that fails.
 * `reason` is a catalogue entry, or a schema's message already worded for scripts (`fieldErrorText`).
 */
export function badRequest(lang: Lang, field: string, reason: RefusalText | string): Response {
  const message = refusalText(lang, { key: "request.parameter", params: { field, message: reason } });
  return json({ error: "bad_request", field, message }, { status: 400, headers: { "Cache-Control": "no-store" } });
}

export function firstIssue(lang: Lang, issues: ZodIssue[], fallback: string): never {
  const issue = issues[0]!;
  throw badRequest(lang, String(issue.path[0] ?? fallback), fieldErrorText(lang, issueText(issue)));
}

/** A version parameter (`live` or an id of this negotiation), resolved; unknown ones are 400 naming `field`. */
export async function requireEvidenceText(lang: Lang, context: AppLoadContext, negotiationId: string, field: string, raw: string | null, fallback?: string): Promise<EvidenceText> {
  const parsed = versionRefSchema.safeParse(raw ?? fallback);
  if (!parsed.success) firstIssue(lang, parsed.error.issues.map((i) => ({ ...i, path: [field] })), field);
  const text = await resolveEvidenceText(context.driver.db, context.collab, negotiationId, parsed.data);
  if (!text) throw badRequest(lang, field, { key: "version.noSuchRef", params: { version: parsed.data } });
  return text;
}

/** The area whose floors apply: `area` when given (must be known), else the negotiation's own. */
export async function requireArea(lang: Lang, context: AppLoadContext, raw: string | null, negotiationArea: string): Promise<{ area: string; rounds: WageRound[] }> {
  const parsed = areaQuerySchema.safeParse(raw ?? undefined);
  if (!parsed.success) firstIssue(lang, parsed.error.issues.map((i) => ({ ...i, path: ["area"] })), "area");
  const rounds = await listMinimumWageRounds(context.driver.db);
  const area = parsed.data ?? negotiationArea;
  if (!knownAreas(rounds).includes(area)) throw badRequest(lang, "area", { key: "minimumWage.unknownArea", params: { area } });
  return { area, rounds };
}

export function requireRoundInForce(lang: Lang, rounds: WageRound[], area: string, onDate: string): WageRound {
  const round = roundInForce(rounds, area, onDate);
  if (!round) throw badRequest(lang, "area", { key: "evidence.noRoundInForce", params: { area, onDate } });
  return round;
}
