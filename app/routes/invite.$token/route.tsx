import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { acceptInvite, inspectInvite, INVITE_STATE_MESSAGES } from "../../../server/commands/inviteAccepter";
import { ROLE_LABELS, SIDE_LABELS } from "../../../shared/roles";
import { requireUser } from "../../guards.server";
import { useLabel, useT } from "../../i18n/useT";
import setupStyles from "../../styles/setup.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta: MetaFunction = () => [{ title: "加入协商 · 同商" }];

/** Status of a link that cannot be used: unknown 404, spent or expired 410, signed agreement 409. */
const STATUS = { unknown: 404, used: 410, expired: 410, locked: 409 } as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // Signed out: to the sign-in page and back here (requireUser keeps the path in redirectTo).
  requireUser(request, context);
  const view = inspectInvite(context.db, params.token ?? "");
  if (view.state !== "open") return json({ state: view.state, message: INVITE_STATE_MESSAGES[view.state], invite: null }, { status: STATUS[view.state] });
  return json({ state: view.state, message: null, invite: { negotiationTitle: view.negotiationTitle!, side: view.side!, role: view.role! } }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const result = acceptInvite(context.db, params.token ?? "", user.id);
  if (!result.ok) return json({ message: result.message }, { status: result.code === "already_participant" || result.code === "both_sides" ? 409 : 410 });
  return redirect(`/negotiations/${result.value.negotiationId}`);
}

export default function Invite() {
  const { invite, message } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const t = useT();
  const label = useLabel();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page narrow">
      <h1>{t.inviteTitle}</h1>
      {!invite ? (
        <div className="card">
          <p className="form-error" role="alert" data-testid="invite-message">
            {message}
          </p>
          <p>
            <Link to="/negotiations">{t.myNegotiations}</Link>
          </p>
        </div>
      ) : (
        <div className="card form">
          {refused ? (
            <p className="form-error" role="alert" data-testid="invite-message">
              {refused.message}
            </p>
          ) : null}
          <p>{t.inviteIntro}</p>
          <dl className="facts">
            <div>
              <dt>{t.negotiationTitle}</dt>
              <dd>{invite.negotiationTitle}</dd>
            </div>
            <div>
              <dt>{t.side}</dt>
              <dd>{label(SIDE_LABELS[invite.side])}</dd>
            </div>
            <div>
              <dt>{t.role}</dt>
              <dd>{label(ROLE_LABELS[invite.role])}</dd>
            </div>
          </dl>
          <Form method="post">
            <button type="submit" className="primary" disabled={busy}>
              {t.acceptInvite}
            </button>
          </Form>
        </div>
      )}
    </div>
  );
}
