import { json, type ActionFunctionArgs } from "@remix-run/node";
import { clauseAction } from "./negotiations.$id._index/clauseWorkflow.server";

/** POST /negotiations/:id/clauses/:clauseId — confirm a tentative agreement or change the clause's status. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  return clauseAction(request, context, params.id, params.clauseId);
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
