import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { findDelegation } from "~/db/queries/signing";
import { RECORD_ID_PATTERN } from "~/shared/agreement";
import { requireNegotiation } from "../guards.server";
import { refusalText } from "~/shared/i18n/refusals";
import { langOf } from "../i18n/lang.server";

const EXTENSIONS: Record<string, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };

/**
 * GET /negotiations/:id/delegations/:delegationId/scan: the stored 委托书 scan, to participants only,
 * with the type told by its content when it was uploaded, never sniffed again by the browser.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation } = await requireNegotiation(request, context, params.id, "read", "api");
  // A malformed id is no delegation (and never reaches PostgreSQL, which refuses a NUL in a parameter).
  const delegation = params.delegationId && RECORD_ID_PATTERN.test(params.delegationId) ? await findDelegation(context.driver.db, negotiation.id, params.delegationId) : undefined;
  if (!delegation?.scan || !delegation.scanMime) throw json({ error: "not_found", message: refusalText(langOf(request), { key: "delegation.noScan" }) }, { status: 404 });
  const name = `delegation-${delegation.letterNo.replace(/[^A-Za-z0-9_-]/g, "_")}.${EXTENSIONS[delegation.scanMime] ?? "bin"}`;
  return new Response(new Uint8Array(delegation.scan), {
    headers: {
      "Content-Type": delegation.scanMime,
      "Content-Disposition": `inline; filename="${name}"`,
      "Content-Length": String(delegation.scan.length),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
