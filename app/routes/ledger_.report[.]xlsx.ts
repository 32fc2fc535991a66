import type { LoaderFunctionArgs } from "@remix-run/node";
import { ledgerReportDownload } from "./ledger/report.server";

/** GET /ledger/report.xlsx?period=week|month&on=YYYY-MM-DD: the 周调度 / 月调度 report as a workbook. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return ledgerReportDownload(request, context, "xlsx");
}
