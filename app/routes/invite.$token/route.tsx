import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ROLE_LABELS, SIDE_LABELS } from "~/shared/roles";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { acceptInviteAction, loadInvite } from "./invite.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageInvite");

export const loader = (args: LoaderFunctionArgs) => loadInvite(args);
export const action = (args: ActionFunctionArgs) => acceptInviteAction(args);

export default function Invite() {
  const { invite, message } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const refused = answer && !answer.ok ? answer : null;
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
