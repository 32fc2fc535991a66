import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { newMinimumWageRoundSchema } from "~/shared/schemas/evidence";
import { requireAdministration } from "../../adminGuard.server";
import { AdminHeader } from "../../components/AdminNav";
import { Field, FormAlert } from "../../components/FormField";
import { useIntentForms } from "../../components/useIntentForms";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { minimumWagesAction, minimumWagesPage, type MinimumWagesActionData } from "./minimumWages.server";
import { DataTable } from "../../components/DataTable";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageMinimumWages");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministration(request, context, "manageMinimumWages");
  return json(await minimumWagesPage(context));
}

export async function action({ request, context }: ActionFunctionArgs) {
  return minimumWagesAction(request, context);
}

const INTENTS = { addRound: newMinimumWageRoundSchema };

export default function MinimumWages() {
  const { rounds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as MinimumWagesActionData | undefined;
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { errorsFor, doneFor, valuesFor, check } = useIntentForms(INTENTS, result);
  const errors = errorsFor("addRound");
  const values = valuesFor("addRound");
  const field = (name: string, label: string, type = "text", extra: Record<string, string> = {}) => (
    <Field label={label} id={`round-${name}`} error={errors[name]}>
      <input name={name} type={type} defaultValue={values[name]} {...extra} />
    </Field>
  );
  return (
    <div className="page">
      <AdminHeader title={t.minimumWagesTitle} saved={doneFor("addRound") && t.minimumWagesAdded} />
      <p className="muted">{t.minimumWagesIntro}</p>
      <section className="card">
        <DataTable testId="minimum-wage-rounds" className="compare-table" columns={[t.minimumWagesArea, t.minimumWagesMonthly, t.minimumWagesHourly, t.minimumWagesFrom, t.minimumWagesSource, t.minimumWagesOrigin]}>
          {rounds.map((r) => (
            <tr key={`${r.area}-${r.effectiveFrom}`}>
              <td>{r.area}</td>
              <td>{r.monthly}</td>
              <td>{r.hourly}</td>
              <td>{r.effectiveFrom}</td>
              <td>
                {r.source} {r.confirmed ? null : <span className="tag" title={t.evidenceUnconfirmedHint}>{t.evidenceUnconfirmed}</span>}
              </td>
              <td>{t.minimumWagesOrigins[r.origin]}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="card" aria-labelledby="add-round-title">
        <h2 id="add-round-title">{t.minimumWagesAdd}</h2>
        <Form method="post" className="form" noValidate onSubmit={check("addRound")}>
          <FormAlert message={errors._form} />
          {field("province", t.minimumWagesProvince)}
          {field("tier", t.minimumWagesTier)}
          {field("monthly", t.minimumWagesMonthly, "number", { step: "0.01", min: "0" })}
          {field("hourly", t.minimumWagesHourly, "number", { step: "0.01", min: "0" })}
          {field("effectiveFrom", t.minimumWagesFrom, "date")}
          {field("source", t.minimumWagesSource)}
          <label className="checkbox">
            <input type="checkbox" name="confirmed" /> {t.minimumWagesConfirmed}
          </label>
          <button type="submit" name="intent" value="addRound" disabled={busy}>
            {t.minimumWagesAdd}
          </button>
        </Form>
      </section>
    </div>
  );
}
