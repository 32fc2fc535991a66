import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { listMinimumWageRounds } from "~/db/queries/minimumWages";
import { requireUser } from "../guards.server";

/** GET /api/minimum-wages (contract): every minimum-wage round ever entered. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, "api");
  const rounds = (await listMinimumWageRounds(context.driver.db)).map(({ area, monthly, hourly, effectiveFrom, source }) => ({ area, monthly, hourly, effectiveFrom, source }));
  return json(rounds, { headers: { "Cache-Control": "no-store" } });
}
