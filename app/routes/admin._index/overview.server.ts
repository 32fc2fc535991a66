import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { administrationCounts } from "../../../db/queries/administration";
import { requireAdministration } from "../../adminGuard.server";

/** 系统管理: how many organisations and accounts there are, and how many accounts are disabled. */
export function loadAdministrationOverview({ request, context }: LoaderFunctionArgs) {
  requireAdministration(request, context, "manageAccounts");
  return json(administrationCounts(context.db));
}
