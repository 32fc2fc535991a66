import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { administrationCounts } from "~/db/queries/administration";
import { requireAdministration } from "../../adminGuard.server";

/** 系统管理: how many organisations and accounts there are, and how many accounts are disabled. */
export async function loadAdministrationOverview({ request, context }: LoaderFunctionArgs) {
  await requireAdministration(request, context, "manageAccounts");
  return json(await administrationCounts(context.driver.db));
}
