import type { AppLoadContext } from "@remix-run/node";
import { downloadResponse, EXPORT_MIME } from "~/server/export/download";
import { ledgerReportFileName } from "~/server/export/fileNames";
import { ledgerReportPdf } from "~/server/export/ledgerPdf";
import { ledgerReportWorkbook, XLSX_MIME } from "~/server/export/ledgerXlsx";
import { buildLedgerReport } from "~/server/ledger/report";
import { ledgerReportQuerySchema } from "~/shared/schemas/ledger";
import { requireLedger } from "./ledger.server";

/** GET /ledger/report.(xlsx|pdf)?period=week|month&on=YYYY-MM-DD[&org=…] (contract; docs/SPEC.md L-8, L-9). */
export async function ledgerReportDownload(request: Request, context: AppLoadContext, format: "xlsx" | "pdf"): Promise<Response> {
  const { user, scope, query, organisationName } = await requireLedger(request, context, ledgerReportQuerySchema);
  const report = await buildLedgerReport(context.driver.db, scope, organisationName, user.id, query.period, query.on);
  const name = ledgerReportFileName(organisationName, query.period, report.period.from, format);
  if (format === "xlsx") return downloadResponse(await ledgerReportWorkbook(report), XLSX_MIME, name);
  return downloadResponse(await ledgerReportPdf(report), EXPORT_MIME.pdf, name);
}
