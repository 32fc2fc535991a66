import { json, type AppLoadContext } from "@remix-run/node";
import { saveVersion } from "../../../server/commands/versionSaver";
import { restoreVersion } from "../../../server/commands/versionRestorer";
import { versionTimeline } from "../../../server/versions/versionTimeline";
import { contentLimitRefusal, refusalMessage } from "../../../shared/collab/contentLimits";
import { numberAgreement } from "../../../shared/numbering";
import { isVersionIntent, VERSION_INTENTS, type VersionIntent } from "../../../shared/schemas/version";
import { fieldErrors, requireNegotiation, type NegotiationAccess } from "../../guards.server";

/** The versions page: the whitelist of what it shows (presenter). */
export async function versionsPage(context: AppLoadContext, access: NegotiationAccess) {
  const { negotiation, abilities } = access;
  const live = await context.collab.readAgreement(negotiation.id);
  const numbering = new Map(numberAgreement(live.clauses).map((n) => [n.clauseId, n.articleLabel]));
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked: negotiation.lockedAt !== null },
    abilities: { saveVersion: abilities.saveVersion, restore: abilities.edit, export: abilities.export },
    versions: versionTimeline(context.db, negotiation.id),
    clauses: live.clauses.map((c) => ({ id: c.id, title: c.title, article: numbering.get(c.id) ?? "" })),
  };
}

export type VersionsActionData =
  | { intent: VersionIntent | null; errors: Record<string, string> }
  | { intent: "save"; saved: { id: string; label: string } }
  | { intent: "restore"; restored: { id: string; label: string; undoVersionId: string | null } };

/**
 * Save (policy `saveVersion`) and restore (policy `edit`, which a signed, locked draft refuses);
 * each form checked by its zod schema and done by one command.
 */
export async function versionsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  const form = Object.fromEntries(await request.formData());
  const intent = isVersionIntent(form.intent) ? form.intent : null;
  const access = requireNegotiation(request, context, id, intent === "restore" ? "edit" : "saveVersion");
  if (!intent) return json<VersionsActionData>({ intent: null, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const { negotiation, user, membership } = access;

  if (intent === "save") {
    const parsed = VERSION_INTENTS.save.safeParse(form);
    if (!parsed.success) return json<VersionsActionData>({ intent, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
    const content = await context.collab.readAgreement(negotiation.id);
    const over = contentLimitRefusal(content);
    if (over) return json<VersionsActionData>({ intent, errors: { _form: refusalMessage(over) } }, { status: 413 });
    const version = saveVersion(context.db, {
      negotiationId: negotiation.id,
      label: parsed.data.label,
      note: parsed.data.note,
      side: membership.side,
      kind: "manual",
      createdBy: user.id,
      content,
    });
    return json<VersionsActionData>({ intent, saved: { id: version.id, label: version.label } });
  }

  const parsed = VERSION_INTENTS.restore.safeParse(form);
  if (!parsed.success) return json<VersionsActionData>({ intent, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
  const result = await restoreVersion(context.db, context.collab, { negotiationId: negotiation.id, versionId: parsed.data.versionId, userId: user.id, side: access.membership.side });
  if (!result.ok && result.code === "locked") return json<VersionsActionData>({ intent, errors: { versionId: "协议已签署,文本已锁定 (the agreement is signed and locked)" } }, { status: 403 });
  if (!result.ok && result.code === "too_large") return json<VersionsActionData>({ intent, errors: { versionId: refusalMessage(result.reason) } }, { status: 413 });
  if (!result.ok) return json<VersionsActionData>({ intent, errors: { versionId: "版本不存在 (no such version)" } }, { status: 404 });
  return json<VersionsActionData>({ intent, restored: { id: result.versionId, label: result.label, undoVersionId: result.undoVersionId } });
}
