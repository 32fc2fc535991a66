import type { AppLoadContext } from "@remix-run/node";
import { done } from "~/server/commands/commandResult";
import { saveManualVersion } from "~/server/commands/versionSaver";
import { restoreVersion } from "~/server/commands/versionRestorer";
import { versionTimeline } from "~/server/versions/versionTimeline";
import { numberAgreement } from "~/shared/numbering";
import { VERSION_INTENTS, type VersionIntent } from "~/shared/schemas/version";
import type { NegotiationAccess } from "../../guards.server";
import { negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";

/** The versions page: the whitelist of what it shows (presenter). */
export async function versionsPage(context: AppLoadContext, access: NegotiationAccess) {
  const { negotiation, abilities, facts } = access;
  const live = await context.collab.readAgreement(negotiation.id);
  const numbering = new Map(numberAgreement(live.clauses).map((n) => [n.clauseId, n.articleLabel]));
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, locked: facts.locked },
    abilities: { saveVersion: abilities.saveVersion, restore: abilities.edit, export: abilities.export },
    versions: await versionTimeline(context.driver.db, negotiation.id),
    clauses: live.clauses.map((c) => ({ id: c.id, title: c.title, article: numbering.get(c.id) ?? "" })),
  };
}

/** Save (policy `saveVersion`) and restore (policy `edit`, which a signed, locked draft refuses). */
const VERSIONS_INTENTS = {
  save: intent({
    schema: VERSION_INTENTS.save,
    policy: "saveVersion",
    run: async (data, { context, actor }) => {
      const result = await saveManualVersion(context, actor, { label: data.label, note: data.note });
      return result.ok ? done({ saved: result.value }) : result;
    },
  }),
  restore: intent({
    schema: VERSION_INTENTS.restore,
    policy: "edit",
    run: async (data, { context, actor }) => {
      const result = await restoreVersion(context, actor, { versionId: data.versionId });
      return result.ok ? done({ restored: { id: result.value.versionId, label: result.value.label, undoVersionId: result.value.undoVersionId } }) : result;
    },
  }),
} satisfies Record<VersionIntent, unknown>;

export type VersionsActionData = IntentOutcome<typeof VERSIONS_INTENTS>;

export async function versionsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  return runNegotiationIntentForm(request, context, id, { intents: VERSIONS_INTENTS, unknownIntentPolicy: "saveVersion" });
}
