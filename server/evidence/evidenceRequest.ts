import { json, type AppLoadContext } from "@remix-run/node";
import { listMinimumWageRounds } from "../../db/queries/minimumWages";
import { knownAreas, roundInForce, type WageRound } from "../../shared/evidence/floorsInForce";
import { areaQuerySchema } from "../../shared/schemas/evidence";
import { versionRefSchema } from "../../shared/schemas/version";
import type { ZodIssue } from "zod";
import { resolveEvidenceText, type EvidenceText } from "./agreementEvidence";

/**
 * The query-string half of evidence.json and impact.json: every refusal is 400 naming the field,
 * Chinese first (EV-7), and nothing is computed for a request that fails.
 */
export function badRequest(field: string, message: string): Response {
  return json({ error: "bad_request", field, message: `参数 ${field}:${message}` }, { status: 400, headers: { "Cache-Control": "no-store" } });
}

export function firstIssue(issues: ZodIssue[], fallback: string): never {
  const issue = issues[0]!;
  throw badRequest(String(issue.path[0] ?? fallback), issue.message);
}

/** A version parameter (`live` or an id of this negotiation), resolved; unknown ones are 400 naming `field`. */
export async function requireEvidenceText(context: AppLoadContext, negotiationId: string, field: string, raw: string | null, fallback?: string): Promise<EvidenceText> {
  const parsed = versionRefSchema.safeParse(raw ?? fallback);
  if (!parsed.success) firstIssue(parsed.error.issues.map((i) => ({ ...i, path: [field] })), field);
  const text = await resolveEvidenceText(context.driver.db, context.collab, negotiationId, parsed.data);
  if (!text) throw badRequest(field, `版本“${parsed.data}”不存在 (no such version: ${parsed.data})`);
  return text;
}

/** The area whose floors apply: `area` when given (must be known), else the negotiation's own. */
export async function requireArea(context: AppLoadContext, raw: string | null, negotiationArea: string): Promise<{ area: string; rounds: WageRound[] }> {
  const parsed = areaQuerySchema.safeParse(raw ?? undefined);
  if (!parsed.success) firstIssue(parsed.error.issues.map((i) => ({ ...i, path: ["area"] })), "area");
  const rounds = await listMinimumWageRounds(context.driver.db);
  const area = parsed.data ?? negotiationArea;
  if (!knownAreas(rounds).includes(area)) throw badRequest("area", `没有“${area}”的最低工资标准 (unknown area: ${area})`);
  return { area, rounds };
}

export function requireRoundInForce(rounds: WageRound[], area: string, onDate: string): WageRound {
  const round = roundInForce(rounds, area, onDate);
  if (!round) throw badRequest("area", `${area} 在 ${onDate} 没有生效的最低工资标准 (no minimum wage in force on that date)`);
  return round;
}
