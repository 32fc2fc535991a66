import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { acceptInvite, inspectInvite, INVITE_STATE_TEXT } from "../../../server/commands/inviteAccepter";
import { refusalMessage } from "../../../server/commands/commandResult";
import { refusalText } from "../../../shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";
import { requireUser } from "../../guards.server";

/** Status of a link that cannot be used: unknown 404, spent or expired 410, signed agreement 409. */
const STATUS = { unknown: 404, used: 410, expired: 410, locked: 409 } as const;

export async function loadInvite({ request, context, params }: LoaderFunctionArgs) {
  // Signed out: to the sign-in page and back here (requireUser keeps the path in redirectTo).
  await requireUser(request, context);
  const view = await inspectInvite(context.driver.db, params.token ?? "");
  if (view.state !== "open") return json({ state: view.state, message: refusalText(langOf(request), INVITE_STATE_TEXT[view.state]), invite: null }, { status: STATUS[view.state] });
  return json({ state: view.state, message: null, invite: { negotiationTitle: view.negotiationTitle!, side: view.side!, role: view.role! } }, { headers: { "Cache-Control": "no-store" } });
}

export async function acceptInviteAction({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const result = await acceptInvite(context.driver, params.token ?? "", user.id);
  if (!result.ok) return json({ message: refusalMessage(result, langOf(request)) }, { status: result.code === "already_participant" || result.code === "both_sides" ? 409 : 410 });
  return redirect(`/negotiations/${result.value.negotiationId}`);
}
