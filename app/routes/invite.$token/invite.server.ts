import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { acceptInvite, inspectInvite, INVITE_STATE_TEXT } from "~/server/commands/inviteAccepter";
import { refusalText } from "~/shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";
import { requireUser } from "../../guards.server";
import { runSignedInIntentForm, signedInIntent as intent } from "../../intentForm.server";

/** Status of a link that cannot be used: unknown 404, spent or expired 410, signed agreement 409. */
const STATUS = { unknown: 404, used: 410, expired: 410, locked: 409 } as const;

export async function loadInvite({ request, context, params }: LoaderFunctionArgs) {
  // Signed out: to the sign-in page and back here (requireUser keeps the path in redirectTo).
  await requireUser(request, context);
  const view = await inspectInvite(context.driver.db, params.token ?? "");
  if (view.state !== "open") return json({ state: view.state, message: refusalText(langOf(request), INVITE_STATE_TEXT[view.state]), invite: null }, { status: STATUS[view.state] });
  return json({ state: view.state, message: null, invite: { negotiationTitle: view.negotiationTitle!, side: view.side!, role: view.role! } }, { headers: { "Cache-Control": "no-store" } });
}

/**
 * Accepting a link: a seat this person cannot take beside the one they hold is a conflict (409);
 * any other refusal means the link can no longer be used by them (410), whatever its code means
 * on the participants page.
 */
const inviteForms = (token: string) => ({
  accept: intent({
    schema: z.object({}),
    policy: "signedIn",
    run: async (_data, { context, user }) => {
      const result = await acceptInvite(context, { userId: user.id }, { token });
      return result.ok ? result : { ...result, kind: result.code === "already_participant" || result.code === "both_sides" ? ("conflict" as const) : ("gone" as const) };
    },
    answer: ({ negotiationId }) => redirect(`/negotiations/${negotiationId}`),
  }),
});

export function acceptInviteAction({ request, context, params }: ActionFunctionArgs) {
  return runSignedInIntentForm(request, context, { intents: inviteForms(params.token ?? ""), defaultIntent: "accept" });
}
