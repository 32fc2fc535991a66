import type { LoaderFunctionArgs } from "@remix-run/node";
import { ledgerFor } from "~/db/queries/ledger";
import { downloadResponse } from "~/server/export/download";
import { ledgerFileName } from "~/server/export/fileNames";
import { ledgerWorkbook, XLSX_MIME } from "~/server/export/ledgerXlsx";
import { presentLedger } from "~/server/presenters/ledger";
import { ledgerQuerySchema } from "~/shared/schemas/ledger";
import { requireLedger } from "./ledger/ledger.server";

/** GET /ledger.xlsx[?org=…] (contract): the ledger's rows, with the page's filters, as a workbook (L-7). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope, query, organisationName } = await requireLedger(request, context, ledgerQuerySchema);
  const ledger = presentLedger(await ledgerFor(context.driver.db, scope, user.id, query));
  const body = await ledgerWorkbook(ledger, organisationName);
  return downloadResponse(body, XLSX_MIME, ledgerFileName(organisationName, ledger.asOf));
}
