import { json, type ActionFunctionArgs } from "@remix-run/node";
import { answerAction } from "./negotiations.$id._index/clauseWorkflow.server";

/** POST /negotiations/:id/answer — the written answer to the 要约 (集体合同规定第三十二条). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  return answerAction(request, context, params.id);
}

export const loader = () => json({ message: "Method not allowed" }, { status: 405 });
