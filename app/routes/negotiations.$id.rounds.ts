import { json, type ActionFunctionArgs } from "@remix-run/node";
import { tableRound } from "../../server/commands/roundTabler";
import { tableRoundSchema } from "../../shared/schemas/rounds";
import { fieldErrorsOf } from "../../shared/schemas/intents";
import { requireNegotiation } from "../guards.server";
import { refusalMessage } from "../../server/commands/commandResult";
import { langOf } from "../i18n/lang.server";

/** Refusal codes of the tabling command and the HTTP status each answers (S-7: a signed agreement answers 403). */
const STATUS: Record<string, number> = { forbidden: 403, locked: 403, no_draft: 409, nothing_to_table: 409, conflicts: 409, tabling_in_progress: 409 };

/**
 * POST /negotiations/:id/rounds form `intent=table` (contract: Caucus drafts) — the member's own
 * side's private draft is tabled; who may is the policy's question (`canTableRound`, in the command).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { negotiation, membership, user } = await requireNegotiation(request, context, params.id, "read", "api");
  const parsed = tableRoundSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, code: "invalid", errors: fieldErrorsOf(parsed.error.issues) }, { status: 400 });
  const result = await tableRound(context, { negotiation, userId: user.id, membership }, { resolutions: parsed.data.resolutions });
  if (!result.ok) {
    const conflicts = "conflicts" in result ? result.conflicts : undefined;
    return json({ ok: false, code: result.code, message: refusalMessage(result, langOf(request)), ...(conflicts ? { conflicts } : {}) }, { status: STATUS[result.code] ?? 400 });
  }
  return json({ ok: true, ...result.value });
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
