import type { AppLoadContext } from "@remix-run/node";
import { organisationChoices } from "~/db/queries/organisations";
import { createOrganisation, deleteOrganisation, organisationUse, updateOrganisation } from "~/server/commands/organisationEditor";
import { ORGANISATION_INTENTS } from "~/shared/schemas/admin";
import { adminIntent as intent, runAdminIntentForm, type IntentOutcome } from "../../intentForm.server";

export async function organisationsPage(context: AppLoadContext) {
  const rows = await organisationChoices(context.driver.db);
  return {
    organisations: await Promise.all(
      rows.map(async (o) => {
        const use = await organisationUse(context.driver.db, o.id);
        return { id: o.id, name: o.name, kind: o.kind, level: o.level, parentId: o.parentId, inUse: use.children + use.accounts + use.negotiations + use.delegations > 0 };
      }),
    ),
  };
}

const ORGANISATIONS_FORMS = {
  createOrganisation: intent({ schema: ORGANISATION_INTENTS.createOrganisation, policy: "manageOrganisations", run: (data, { context, actor }) => createOrganisation(context, actor, data) }),
  editOrganisation: intent({ schema: ORGANISATION_INTENTS.editOrganisation, policy: "manageOrganisations", run: (data, { context, actor }) => updateOrganisation(context, actor, data) }),
  deleteOrganisation: intent({ schema: ORGANISATION_INTENTS.deleteOrganisation, policy: "manageOrganisations", run: (data, { context, actor }) => deleteOrganisation(context, actor, data) }),
} satisfies Record<keyof typeof ORGANISATION_INTENTS, unknown>;

export type OrganisationsActionData = IntentOutcome<typeof ORGANISATIONS_FORMS>;

export async function organisationsAction(request: Request, context: AppLoadContext) {
  return runAdminIntentForm(request, context, {
    intents: ORGANISATIONS_FORMS,
    unknownIntentPolicy: "manageOrganisations",
    subjectField: "id",
  });
}
