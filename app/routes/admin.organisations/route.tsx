import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { flattenTree, ORG_KINDS, ORG_LEVELS, parentKindFits, wouldCreateCycle, type OrganisationKind } from "~/shared/orgTree";
import { ORGANISATION_INTENTS } from "~/shared/schemas/admin";
import { requireAdministration } from "../../adminGuard.server";
import { AdminHeader } from "../../components/AdminNav";
import { useIntentForms } from "../../components/useIntentForms";
import { Field, FormAlert } from "../../components/FormField";
import { useT } from "../../i18n/useT";
import { pageTitle } from "../../i18n/pageTitle";
import setupStyles from "../../styles/setup.css?url";
import { organisationsAction, organisationsPage } from "./organisations.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: setupStyles }];
export const meta = pageTitle("pageOrganisations");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdministration(request, context, "manageOrganisations");
  return json(await organisationsPage(context));
}

export async function action({ request, context }: ActionFunctionArgs) {
  return organisationsAction(request, context);
}

type Org = Awaited<ReturnType<typeof organisationsPage>>["organisations"][number];

export default function Organisations() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { errorsFor, check } = useIntentForms(ORGANISATION_INTENTS, result);
  const rows = flattenTree(organisations);
  const createErrors = errorsFor("createOrganisation");
  const [newKind, setNewKind] = useState<OrganisationKind>("union");

  const parentOptions = (kind: OrganisationKind, self?: Org) =>
    rows
      .filter((r) => parentKindFits(kind, r.node.kind) && (!self || !wouldCreateCycle(organisations, self.id, r.node.id)))
      .map((r) => (
        <option key={r.node.id} value={r.node.id}>
          {"\u3000".repeat(r.depth)}
          {r.node.name}
        </option>
      ));
  const levelOptions = ORG_LEVELS.map((level) => (
    <option key={level} value={level}>
      {t.orgLevelLabels[level]}
    </option>
  ));

  return (
    <div className="page">
      <AdminHeader title={t.organisations} saved={result?.ok && t.adminSaved} />
      <section className="card" aria-labelledby="tree-title">
        <h2 id="tree-title">{t.orgTree}</h2>
        <ul className="org-tree" data-testid="org-tree">
          {rows.map(({ node, depth }) => {
            const key = `org-${node.id}`;
            const errors = errorsFor(node.id);
            const open = Object.keys(errors).length > 0;
            return (
              <li key={node.id} style={{ paddingLeft: `${depth * 1.5}rem` }} data-org={node.id}>
                <details open={open}>
                  <summary>
                    {node.name}
                    <span className="tag">{t.orgKindLabels[node.kind]}</span>
                    <span className="tag">{t.orgLevelLabels[node.level as (typeof ORG_LEVELS)[number]] ?? node.level}</span>
                  </summary>
                  <Form method="post" className="form" noValidate onSubmit={check(node.id)}>
                    <input type="hidden" name="id" value={node.id} />
                    <FormAlert message={errors._form} />
                    <Field label={t.orgName} id={`${key}-name`} error={errors.name}>
                      <input name="name" defaultValue={node.name} />
                    </Field>
                    <Field label={t.orgLevel} id={`${key}-level`} error={errors.level}>
                      <select name="level" defaultValue={node.level}>
                        {levelOptions}
                      </select>
                    </Field>
                    <Field label={t.orgParent} id={`${key}-parentId`} error={errors.parentId}>
                      <select name="parentId" defaultValue={node.parentId ?? ""}>
                        <option value="">{t.orgNoParent}</option>
                        {parentOptions(node.kind, node)}
                      </select>
                    </Field>
                    <div className="seat-form">
                      <button type="submit" name="intent" value="editOrganisation" className="primary" disabled={busy}>
                        {t.save}
                      </button>
                      {!node.inUse ? (
                        <button type="submit" name="intent" value="deleteOrganisation" disabled={busy}>
                          {t.delete}
                        </button>
                      ) : (
                        <small className="hint">{t.orgInUse}</small>
                      )}
                    </div>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="card" aria-labelledby="new-org-title">
        <h2 id="new-org-title">{t.orgAdd}</h2>
        <Form method="post" className="form" noValidate onSubmit={check("createOrganisation")}>
          <FormAlert message={createErrors._form} />
          <Field label={t.orgName} id="new-name" error={createErrors.name}>
            <input name="name" />
          </Field>
          <Field label={t.orgKind} id="new-kind" error={createErrors.kind}>
            <select name="kind" value={newKind} onChange={(e) => setNewKind(e.target.value as OrganisationKind)}>
              {ORG_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t.orgKindLabels[kind]}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t.orgLevel} id="new-level" error={createErrors.level}>
            <select name="level" defaultValue="grassroots">
              {levelOptions}
            </select>
          </Field>
          <Field label={t.orgParent} id="new-parentId" error={createErrors.parentId}>
            <select name="parentId" defaultValue="">
              <option value="">{t.orgNoParent}</option>
              {parentOptions(newKind)}
            </select>
          </Field>
          <button type="submit" name="intent" value="createOrganisation" className="primary" disabled={busy}>
            {t.orgAddSubmit}
          </button>
        </Form>
      </section>
    </div>
  );
}
