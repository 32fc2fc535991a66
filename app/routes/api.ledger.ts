import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { ledgerFor } from "~/db/queries/ledger";
import { presentLedger } from "~/server/presenters/ledger";
import { ledgerQuerySchema } from "~/shared/schemas/ledger";
import { requireLedger } from "./ledger/ledger.server";

/** GET /api/ledger[?org=…&scope=…&mode=…&status=…&overdue=1&sort=…&dir=…] (contract; docs/SPEC.md L-4, L-5). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, scope, query } = await requireLedger(request, context, ledgerQuerySchema);
  return json(presentLedger(await ledgerFor(context.driver.db, scope, user.id, query)), { headers: { "Cache-Control": "no-store" } });
}
