import { type ActionFunctionArgs, json, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { refusalText } from "~/shared/i18n/refusals";
import { ROLE_LABELS, ROLES, roleFitsSide, SIDE_LABELS, type Role, type Side } from "~/shared/roles";
import { INVITE_TTL_HOURS, PARTICIPANT_INTENTS } from "~/shared/schemas/participants";
import { Field, FieldError, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useLang, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { participantsAction, participantsPage } from "./participants.server";
import { DataTable } from "../../components/DataTable";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageParticipants");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const access = await requireNegotiation(request, context, params.id, "read");
  return json(await participantsPage(context, access));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return participantsAction(request, context, params.id);
}

type Errors = Record<string, string>;

/** Side and role selects; the roles offered follow the side (roleFitsSide). */
function SeatFields({ prefix, sides, side: initialSide, role: initialRole, errors, compact }: { prefix: string; sides: readonly Side[]; side?: Side; role?: Role; errors: Errors; compact?: boolean }) {
  const t = useT();
  const label = useLabel();
  const [side, setSide] = useState<Side>(initialSide ?? sides[0] ?? "union");
  const roles = ROLES.filter((r) => roleFitsSide(side, r));
  const defaultRole = initialRole && roles.includes(initialRole) ? initialRole : side === "observer" ? "observer" : "representative";
  const sideChoices = sides.includes(side) ? sides : [side, ...sides];
  return (
    <>
      <Field label={compact ? <span className="visually-hidden">{t.side}</span> : t.side} id={`${prefix}-side`} error={errors.side}>
        <select name="side" value={side} onChange={(e) => setSide(e.target.value as Side)}>
          {sideChoices.map((s) => (
            <option key={s} value={s}>
              {label(SIDE_LABELS[s])}
            </option>
          ))}
        </select>
      </Field>
      <Field label={compact ? <span className="visually-hidden">{t.role}</span> : t.role} id={`${prefix}-role`} error={errors.role}>
        <select name="role" key={side} defaultValue={defaultRole}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {label(ROLE_LABELS[r])}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}

export default function Participants() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const label = useLabel();
  const lang = useLang();
  const busy = useNavigation().state === "submitting";
  const { errorsFor, check } = useIntentForms(PARTICIPANT_INTENTS, result);

  const { negotiation, me, participants, warnings, seatsManaged, pendingInvites } = page;
  const manages = seatsManaged.length > 0;
  const isChief = me.role === "chief";
  const canChange = (side: Side, userId: string) => manages && seatsManaged.includes(side) && userId !== me.userId;
  const inviteErrors = errorsFor("invite");
  const linkErrors = errorsFor("createLink");
  const pageErrors = errorsFor("_page");
  const when = (ms: number) => new Date(ms).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "short" });

  const warningsCard = (
    <section className={`card warnings${isChief && warnings.length ? " prominent" : ""}`} aria-labelledby="warnings-title" data-testid="representation-warnings">
      <h2 id="warnings-title">{t.representationWarnings}</h2>
      {warnings.length === 0 ? (
        <p>{t.noWarnings}</p>
      ) : (
        <>
          {isChief ? <p>{t.warningsForChief}</p> : null}
          <ul>
            {warnings.map((w, i) => (
              <li key={`${w.code}-${w.side ?? ""}-${i}`}>
                {refusalText(lang, w.text)} <span className="source">({w.sourceZh})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );

  return (
    <div className="page">
      <div className="page-title">
        <h1>
          {t.participants} · {negotiation.title}
        </h1>
        <Link to={`/negotiations/${negotiation.id}`}>{t.backToWorkspace}</Link>
      </div>
      <FormAlert message={pageErrors._form} />
      {result && "invited" in result ? (
        <p className="success" role="status">
          {format(t.invitedDone, { username: result.invited })}
        </p>
      ) : null}
      {result && "saved" in result ? (
        <p className="success" role="status">
          {result.intent === "remove" ? t.removedDone : t.seatChangedDone}
        </p>
      ) : null}
      {!manages ? <p className="notice">{negotiation.locked ? t.participantsLocked : t.participantsReadOnly}</p> : null}

      {isChief ? warningsCard : null}

      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title">{format(t.participantsCount, { count: participants.length })}</h2>
        <DataTable testId="participants-table" wrap="table-wrap" columns={[t.personName, t.organisation, t.side, t.role, t.outsideExpert, manages && t.actions]}>
          {participants.map((p) => {
            const formId = `seat-${p.id}`;
            const errors = errorsFor(p.id);
            return (
              <tr key={p.id} data-username={p.username}>
                <td>
                  {p.displayName} <code>{p.username}</code>
                  {p.userId === me.userId ? <span className="tag">{t.you}</span> : null}
                </td>
                <td>{p.organisation || "—"}</td>
                <td className={`side-${p.side}`}>{label(SIDE_LABELS[p.side])}</td>
                <td>{label(ROLE_LABELS[p.role])}</td>
                <td>{p.outsideExpert || p.role === "legal_adviser" ? t.yes : t.no}</td>
                {manages ? (
                  <td>
                    {canChange(p.side, p.userId) ? (
                      <>
                        <Form method="post" className="seat-form" onSubmit={check(p.id)} aria-label={format(t.changeSeatOf, { name: p.displayName })}>
                          <input type="hidden" name="participantId" value={p.id} />
                          <SeatFields prefix={formId} sides={seatsManaged} side={p.side} role={p.role} errors={errors} compact />
                          <label>
                            <input type="checkbox" name="outsideExpert" defaultChecked={p.outsideExpert} />
                            {t.outsideExpert}
                          </label>
                          <button type="submit" name="intent" value="changeSeat" className="small" disabled={busy}>
                            {t.save}
                          </button>
                          <button
                            type="submit"
                            name="intent"
                            value="remove"
                            className="small"
                            disabled={busy}
                            onClick={(e) => {
                              if (!window.confirm(format(t.removeConfirm, { name: p.displayName }))) e.preventDefault();
                            }}
                          >
                            {t.remove}
                          </button>
                        </Form>
                        {errors._form ? (
                          <p className="field-error" role="alert">
                            {errors._form}
                          </p>
                        ) : null}
                      </>
                    ) : (
                      <span className="empty">—</span>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </DataTable>
      </section>

      {!isChief ? warningsCard : null}

      {manages ? (
        <>
          <section className="card" aria-labelledby="invite-title">
            <h2 id="invite-title">{t.inviteByUsername}</h2>
            <Form method="post" className="form" noValidate onSubmit={check("invite")}>
              <FormAlert message={inviteErrors._form} />
              <Field label={t.username} id="invite-username" error={inviteErrors.username}>
                <input name="username" autoComplete="off" />
              </Field>
              <SeatFields prefix="invite" sides={seatsManaged} errors={inviteErrors} />
              <label className="inline">
                <input type="checkbox" name="outsideExpert" />
                {t.outsideExpertHint}
              </label>
              <FieldError id="invite-outsideExpert-error" message={inviteErrors.outsideExpert} />
              <button type="submit" name="intent" value="invite" className="primary" disabled={busy}>
                {t.invite}
              </button>
            </Form>
          </section>

          <section className="card" aria-labelledby="link-title">
            <h2 id="link-title">{t.inviteLink}</h2>
            <p>{format(t.inviteLinkHint, { hours: INVITE_TTL_HOURS })}</p>
            <Form method="post" className="form" noValidate onSubmit={check("createLink")}>
              <FormAlert message={linkErrors._form} />
              <SeatFields prefix="link" sides={seatsManaged} errors={linkErrors} />
              <button type="submit" name="intent" value="createLink" className="primary" disabled={busy}>
                {t.createInviteLink}
              </button>
            </Form>
            {result && "link" in result ? (
              <div className="invite-link" data-testid="invite-link">
                <div style={{ flex: "1 1 20rem" }}>
                  <label className="stacked">
                    {t.inviteLinkCreated}
                    <input readOnly value={result.link} onFocus={(e) => e.currentTarget.select()} />
                  </label>
                  <p className="hint">{format(t.inviteLinkExpires, { when: when(result.expiresAt) })}</p>
                </div>
                <figure className="qr" role="img" aria-label={t.inviteQrLabel} dangerouslySetInnerHTML={{ __html: result.qrSvg }} />
              </div>
            ) : null}
            {pendingInvites.length > 0 ? (
              <>
                <h3>{t.pendingInvites}</h3>
                <ul>
                  {pendingInvites.map((invite) => (
                    <li key={invite.id} data-testid="pending-invite">
                      {label(SIDE_LABELS[invite.side])} · {label(ROLE_LABELS[invite.role])} — {format(t.inviteLinkExpires, { when: when(invite.expiresAt) })}{" "}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="revokeLink" />
                        <input type="hidden" name="inviteId" value={invite.id} />
                        <button type="submit" className="small" disabled={busy}>
                          {t.revokeInviteLink}
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        </>
      ) : null}
    </div>
  );
}
