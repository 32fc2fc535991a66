import { json, type AppLoadContext } from "@remix-run/node";
import { exportDocument, type ExportRequest } from "~/server/commands/exporter";
import { refusalStatus } from "~/server/commands/commandResult";
import { signedVersion } from "~/server/export/agreementExportModel";
import { downloadResponse } from "~/server/export/download";
import { refusalText } from "~/shared/i18n/refusals";
import { requireNegotiation, type NegotiationAccess } from "../../guards.server";
import { langOf } from "../../i18n/lang.server";

export type AgreementFormat = "docx" | "pdf" | "md";

/**
 * Answers one export with the exporter command (server/commands/exporter.ts) for someone the
 * policy's `export` already allowed: the file as a download, a JSON export as JSON, a refusal
 * (an unknown version 404, a filing package before signing 409) as `{ error, message }`.
 */
export async function exportAnswer(request: Request, context: AppLoadContext, access: NegotiationAccess, input: ExportRequest): Promise<Response> {
  const result = await exportDocument(context, { negotiation: access.negotiation, userId: access.user.id }, input);
  if (!result.ok) throw json({ error: result.code, message: refusalText(langOf(request), result.text) }, { status: refusalStatus(result), headers: { "Cache-Control": "no-store" } });
  const file = result.value;
  if (file.kind === "json") return json(file.value, { headers: { "Cache-Control": "no-store" } });
  const response = downloadResponse(file.body, file.contentType, file.fileName);
  for (const [name, value] of Object.entries(file.headers ?? {})) response.headers.set(name, value);
  return response;
}

/**
 * GET /negotiations/:id/export.(docx|pdf|md|json), /versions/:versionId/export.(docx|pdf|json),
 * /filing.zip: authorised by the policy's `export`, then the exporter.
 */
export async function negotiationExport(request: Request, context: AppLoadContext, id: string | undefined, input: ExportRequest): Promise<Response> {
  return exportAnswer(request, context, await requireNegotiation(request, context, id, "export", "api"), input);
}

/** The content hash of the signed version, printed on the export page beside the downloads. */
export async function signedContentHash(context: AppLoadContext, negotiationId: string): Promise<string | null> {
  return (await signedVersion(context.driver.db, negotiationId))?.contentHash ?? null;
}
