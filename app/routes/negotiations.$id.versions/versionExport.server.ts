import { json, type AppLoadContext } from "@remix-run/node";
import { appendAudit } from "../../../db/audit";
import { findVersion } from "../../../db/queries/versions";
import { RECORD_ID_PATTERN } from "../../../shared/agreement";
import { requireNegotiation } from "../../guards.server";
import { refusalText } from "../../../shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";

/** Loads one saved version for an export route, authorised by the policy's `export`; `audited()` records the export once the file is built. */
export async function requireVersionExport(request: Request, context: AppLoadContext, params: { id?: string; versionId?: string }, format: "json" | "docx" | "pdf") {
  const access = await requireNegotiation(request, context, params.id, "export", "api");
  // A malformed id is no version (and never reaches PostgreSQL, which refuses a NUL in a parameter).
  const version = params.versionId && RECORD_ID_PATTERN.test(params.versionId) ? await findVersion(context.driver.db, access.negotiation.id, params.versionId) : undefined;
  if (!version) throw json({ error: "not_found", message: refusalText(langOf(request), { key: "version.notFound" }) }, { status: 404 });
  const audited = () =>
    context.driver.write(async (tx) => {
      await appendAudit(tx, {
        negotiationId: access.negotiation.id,
        actorId: access.user.id,
        action: `export.version_${format}`,
        detail: { versionId: version.id, seq: version.seq, contentHash: version.contentHash },
      });
    });
  return { access, version, audited };
}
