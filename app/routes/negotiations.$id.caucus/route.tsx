import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type LinksFunction } from "@remix-run/node";
import roundsStyles from "../../styles/rounds.css?url";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useMemo, useState, type FormEvent } from "react";
import { numberAgreement } from "~/shared/numbering";
import { ROLE_LABELS, SIDE_LABELS } from "~/shared/roles";
import { AGREEMENT_TITLE_KEY, type RoundConflict } from "~/shared/rounds/planRound";
import { tableRoundSchema } from "~/shared/schemas/rounds";
import { ClauseCard, StaticClause } from "../../editor/ClauseCard";
import { ConnectionBar } from "../../editor/ConnectionBar";
import { PresencePanel } from "../../editor/PresencePanel";
import { AgreementTitle } from "../../editor/AgreementTitle";
import { ReadOnlyBanner } from "../../editor/ReadOnlyBanner";
import { TurnsPanel } from "../../editor/TurnsPanel";
import { useClauseOrder } from "../../editor/useClauseOrder";
import { useCollab } from "../../editor/useCollab";
import { useLiveRevalidation } from "../../editor/useLiveRevalidation";
import { usePresence } from "../../editor/usePresence";
import { useIntentForms } from "../../components/useIntentForms";
import { useWhen } from "../../components/VersionSelect";
import { requireNegotiation } from "../../guards.server";
import { format } from "../../i18n/catalogue";
import { useLabel, useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import { caucusAction, loadCaucusDraft, type CaucusActionData } from "./caucus.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: roundsStyles }];

export const meta = pageTitle<typeof loader>("pageCaucus", (data, lang) => ({ side: SIDE_LABELS[data.side][lang], title: data.negotiation.title }));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  return json(await loadCaucusDraft(context, await requireNegotiation(request, context, params.id)), { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return caucusAction(request, context, params.id);
}

/** The rounds action's answer (app/routes/negotiations.$id.rounds.ts, the intent-form runner's shape). */
type TablingAnswer =
  | { ok: true; intent: "table"; subject: null; label: string; round: number }
  | { ok: false; intent: string | null; subject: null; errors: Record<string, string>; conflicts?: RoundConflict[] };
const TABLING_SCHEMAS = { table: tableRoundSchema };

/** 本方内部草案: the same editor as the workspace, on the side's private document, marked private. */
export default function CaucusDraft() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as CaucusActionData | undefined;
  const t = useT();
  const label = useLabel();
  const when = useWhen();
  const session = useCollab(data.documentName, data.me);
  const live = session?.loaded ? session : null;
  const { clauses, title } = useClauseOrder(live?.doc);
  const presence = usePresence(session?.provider.awareness);
  const tabling = useFetcher<TablingAnswer>();
  useLiveRevalidation(data.negotiation.id, ["rounds", "versions"]);
  const sideLabel = label(SIDE_LABELS[data.side]);
  const readOnly = data.readOnly !== null || session?.denial != null;
  const base = `/negotiations/${data.negotiation.id}`;
  const order = live ? clauses.map((c) => ({ id: c.id, topic: c.topic })) : data.initial.clauses;
  const numbering = useMemo(() => new Map(numberAgreement(order).map((n) => [n.clauseId, n])), [order]);
  const answer = tabling.state === "idle" ? tabling.data : undefined;
  const conflicts = answer && !answer.ok && answer.conflicts ? answer.conflicts : data.conflicts;
  const nextLabel = `${SIDE_LABELS[data.side].zh}第 ${data.turns.round + 1} 轮方案`;
  // The same schema as the server's: a resolution without its text is caught before it is sent.
  const tablingForm = useIntentForms(TABLING_SCHEMAS, answer);
  const confirmTable = (event: FormEvent<HTMLFormElement>) => {
    tablingForm.check("table")(event);
    if (!event.defaultPrevented && !window.confirm(t.tableConfirm)) event.preventDefault();
  };
  const { _form: tablingRefusal, ...formErrors } = tablingForm.errorsFor("table");
  const tabled = tablingForm.doneFor("table");

  return (
    <div className="page wide private-draft-page">
      <div className="page-title">
        <div>
          <h1>{format(t.privateDraftTitle, { side: sideLabel })}</h1>
          <p className="subtitle">
            {data.negotiation.title} · {t.yourSeat}:{sideLabel} {label(ROLE_LABELS[data.me.role])}
          </p>
        </div>
        <nav className="toolbar" aria-label={t.privateDraftNav}>
          <Link to={base}>{t.backToLiveDraft}</Link>
          <Link to={`${base}/compare?from=live&to=caucus`} data-testid="compare-private">
            {t.compareWithLive}
          </Link>
        </nav>
      </div>
      <p className="notice private-banner" role="note" data-testid="private-banner">
        <strong>🔒 {format(t.privateBanner, { side: sideLabel })}</strong> {t.privateBannerHint}{" "}
        <span className="muted">
          {data.base.copiedAt ? (data.base.round ? format(t.privateBaseRound, { round: data.base.round, date: when(data.base.copiedAt) }) : format(t.privateBaseLive, { date: when(data.base.copiedAt) })) : null}
        </span>
      </p>
      <ReadOnlyBanner reason={data.readOnly} denied={Boolean(session?.denial)} role={data.me.role} />
      {result?.ok ? (
        <p className="notice" role="status">
          {result.intent === "reset" ? t.resetDone : t.permissionSaved}
        </p>
      ) : result?.message || result?.errors ? (
        <p className="form-error" role="alert">
          {result.message ?? Object.values(result.errors ?? {})[0]}
        </p>
      ) : null}

      <div className="workspace private-draft">
        <aside className="outline card" aria-label={t.tablingTitle}>
          <TurnsPanel negotiationId={data.negotiation.id} turns={data.turns} />
          <section aria-labelledby="tabling-title" data-testid="tabling">
            <h2 id="tabling-title">{t.tablingTitle}</h2>
            <p className="muted">{format(t.tablingIntro, { label: nextLabel })}</p>
            <p data-testid="tabling-changes">{data.proposedCount > 0 ? format(t.tablingChanges, { count: data.proposedCount }) : t.tablingNothing}</p>
            {tabled ? (
              <p className="notice" role="status" data-testid="tabled">
                {format(t.tabledDone, { label: tabled.label })}
              </p>
            ) : tablingRefusal ? (
              <p className="form-error" role="alert" data-testid="tabling-error">
                {tablingRefusal}
              </p>
            ) : null}
            {Object.keys(formErrors).length > 0 ? (
              <p className="form-error" role="alert">
                {Object.values(formErrors)[0]}
              </p>
            ) : null}
            {data.abilities.table ? (
              <tabling.Form method="post" action={`${base}/rounds`} onSubmit={confirmTable}>
                <input type="hidden" name="intent" value="table" />
                {conflicts.length > 0 ? <ConflictList conflicts={conflicts} numbering={numbering} /> : null}
                <button type="submit" className="primary" disabled={tabling.state !== "idle"} data-testid="table-round">
                  {t.tableSubmit}
                </button>
              </tabling.Form>
            ) : (
              <p className="muted">{t.tablingNotAllowed}</p>
            )}
          </section>
          {data.abilities.manage ? (
            <section aria-labelledby="private-manage-title">
              <h2 id="private-manage-title">{t.permissionTitle}</h2>
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="permission" />
                {/* Unchecked sends only "no"; checked sends "yes" after it, and the last value counts. */}
                <input type="hidden" name="representativesMayTable" value="no" />
                <label className="checkbox">
                  <input type="checkbox" name="representativesMayTable" value="yes" defaultChecked={data.representativesMayTable} data-testid="permission-representatives" />
                  {t.permissionAllow}
                </label>
                <button type="submit" className="small">
                  {t.permissionSave}
                </button>
              </Form>
              <Form method="post" onSubmit={(event) => !window.confirm(t.resetConfirm) && event.preventDefault()}>
                <input type="hidden" name="intent" value="reset" />
                <button type="submit" className="small danger" data-testid="reset-private">
                  {t.resetToLive}
                </button>
              </Form>
            </section>
          ) : null}
        </aside>
        <section aria-label={format(t.privateDraftTitle, { side: sideLabel })} className="agreement private-agreement" data-testid="private-agreement">
          <ConnectionBar session={session} />
          <AgreementTitle text={live ? title : null} awareness={live?.provider.awareness} readOnly={readOnly} initial={data.initial.title} />
          {live
            ? clauses.map((clause, index) => (
                <ClauseCard
                  key={clause.id}
                  doc={live.doc}
                  clause={clause}
                  numbering={numbering.get(clause.id)!}
                  index={index}
                  count={clauses.length}
                  awareness={live.provider.awareness}
                  readOnly={readOnly}
                  here={presence.filter((p) => !p.self && p.clauseId === clause.id)}
                  negotiationId={data.negotiation.id}
                  workflow={undefined}
                  talk={false}
                />
              ))
            : data.initial.clauses.map((c) => (
                <StaticClause key={c.id} id={c.id} articleLabel={numbering.get(c.id)?.articleLabel} title={c.title} body={c.body} />
              ))}
        </section>
        <PresencePanel presence={presence} />
      </div>
    </div>
  );
}

/** each clause changed on both sides, the three texts, and the chief's choice for it. */
function ConflictList({ conflicts, numbering }: { conflicts: RoundConflict[]; numbering: Map<string, { articleLabel: string }> }) {
  const t = useT();
  return (
    <fieldset className="conflicts" data-testid="conflicts">
      <legend>{t.conflictsTitle}</legend>
      <p className="muted">{t.conflictsHint}</p>
      {conflicts.map((c) => (
        <ConflictItem key={c.key} conflict={c} heading={c.key === AGREEMENT_TITLE_KEY ? t.conflictAgreementTitle : `${numbering.get(c.key)?.articleLabel ?? ""} ${c.mine?.title ?? c.theirs?.title ?? ""}`} />
      ))}
    </fieldset>
  );
}

function ConflictItem({ conflict, heading }: { conflict: RoundConflict; heading: string }) {
  const t = useT();
  const [choice, setChoice] = useState<"mine" | "theirs" | "edit">("mine");
  const show = (x: RoundConflict["mine"]) => (x ? `${x.title}\n${x.body}`.trim() : t.conflictDeleted);
  const key = conflict.key;
  return (
    <div className="conflict" data-testid={`conflict-${key}`}>
      <h3>{heading}</h3>
      <dl className="conflict-texts">
        <dt>{t.conflictBase}</dt>
        <dd>{show(conflict.base)}</dd>
        <dt>{t.conflictMine}</dt>
        <dd>{show(conflict.mine)}</dd>
        <dt>{t.conflictTheirs}</dt>
        <dd>{show(conflict.theirs)}</dd>
      </dl>
      {(["mine", "theirs", "edit"] as const).map((value) => (
        <label key={value} className="checkbox">
          <input type="radio" name={`resolution.${key}`} value={value} checked={choice === value} onChange={() => setChoice(value)} />
          {value === "mine" ? t.keepMine : value === "theirs" ? t.keepTheirs : t.editResolved}
        </label>
      ))}
      {choice === "edit" ? (
        <div className="form">
          <label>
            {t.title}
            <input name={`title.${key}`} defaultValue={conflict.mine?.title ?? conflict.theirs?.title ?? ""} />
          </label>
          {key === AGREEMENT_TITLE_KEY ? null : (
            <label>
              {t.clauseBody}
              <textarea name={`body.${key}`} rows={4} defaultValue={conflict.mine?.body ?? conflict.theirs?.body ?? ""} />
            </label>
          )}
        </div>
      ) : null}
    </div>
  );
}
