import { json, type AppLoadContext } from "@remix-run/node";
import { asc } from "drizzle-orm";
import { organisations } from "../../../db/schema";
import type { CommandResult } from "../../../server/commands/commandResult";
import { createOrganisation, deleteOrganisation, organisationUse, updateOrganisation } from "../../../server/commands/organisationEditor";
import { intentOf, ORGANISATION_INTENTS } from "../../../shared/schemas/admin";
import { requireAdministration } from "../../adminGuard.server";
import { fieldErrors } from "../../guards.server";

export function organisationsPage(context: AppLoadContext) {
  const rows = context.db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.id)).all();
  return {
    organisations: rows.map((o) => {
      const use = organisationUse(context.db, o.id);
      return { id: o.id, name: o.name, kind: o.kind, level: o.level, parentId: o.parentId, inUse: use.children + use.accounts + use.negotiations + use.delegations > 0 };
    }),
  };
}

export type OrganisationsActionData = { intent: string | null; id?: string; errors?: Record<string, string>; saved?: boolean };

export async function organisationsAction(request: Request, context: AppLoadContext) {
  const user = requireAdministration(request, context, "manageOrganisations");
  const form = Object.fromEntries(await request.formData());
  const intent = intentOf(ORGANISATION_INTENTS, form.intent);
  const id = typeof form.id === "string" ? form.id : undefined;
  if (!intent) return json<OrganisationsActionData>({ intent: null, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const parsed = ORGANISATION_INTENTS[intent].safeParse(form);
  if (!parsed.success) return json<OrganisationsActionData>({ intent, id, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
  const data = parsed.data;
  let result: CommandResult<unknown>;
  if (data.intent === "createOrganisation") result = createOrganisation(context.db, user.id, data);
  else if (data.intent === "editOrganisation") result = updateOrganisation(context.db, user.id, data.id, data);
  else result = deleteOrganisation(context.db, user.id, data.id);
  if (!result.ok) return json<OrganisationsActionData>({ intent, id, errors: { [result.field ?? "_form"]: result.message } }, { status: result.code === "in_use" ? 409 : 400 });
  return json<OrganisationsActionData>({ intent, id, saved: true });
}
