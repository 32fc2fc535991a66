import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildRedlineDocx } from "../../server/export/redlineDocx";
import { downloadResponse, EXPORT_MIME } from "../../server/export/download";
import { comparisonFileName, revisionAuthor } from "../../server/versions/comparison";
import { auditComparisonExport, requireComparison } from "./negotiations.$id.compare/compare.server";
import { findingNotes } from "../../server/evidence/comparisonEvidence";

/**
 * GET /negotiations/:id/compare.docx?from=V&to=W (contract): a Word redline with real tracked
 * changes, each revision by the person and side who saved the newer version, dated when it was saved.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const loaded = await requireComparison(request, context, params.id, "export", "api");
  const { from, to, comparison } = loaded;
  const buffer = await buildRedlineDocx(comparison, {
    fromLabel: from.label,
    toLabel: to.label,
    author: revisionAuthor(to),
    date: to.createdAt,
    agreementTitle: to.content.title,
    clauseNotes: await findingNotes(context.driver.db, loaded.access.negotiation.id, from, to),
  });
  await auditComparisonExport(context, loaded, "docx");
  return downloadResponse(buffer, EXPORT_MIME.docx, comparisonFileName(to.content.title, from, to, "docx"));
}
