import {
  redirect,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  json,
  type AppLoadContext,
} from "@remix-run/node";
import { organisationKindOf } from "~/db/queries/negotiations";
import { organisationChoices as listOrganisations } from "~/db/queries/organisations";
import type { SessionUser } from "~/server/auth/sessions";
import { done } from "~/server/commands/commandResult";
import { proposeNegotiation } from "~/server/commands/negotiationStarter";
import { newId } from "~/server/ids";
import type { AgreementContent } from "~/shared/agreement";
import type { Side } from "~/shared/roles";
import { MAX_DRAFT_BYTES, parseDraftJson, type OrganisationChoice } from "~/shared/schemas/negotiation";
import { canStartNegotiation } from "~/server/policies/negotiation";
import { z } from "zod";
import { fieldMessage } from "~/shared/schemas/issueText";
import { formRefusal, intentsFor, runIntentForm, type IntentOutcome } from "../../intentForm.server";
import { DRAFT_FILE_TOO_LARGE, NO_DRAFT_FILE, startFormSchema } from "./startForm";
import { requireUser } from "../../guards.server";
import { listMinimumWageRounds } from "~/db/queries/minimumWages";
import { knownAreas } from "~/shared/evidence/floorsInForce";
import { refusalText } from "~/shared/i18n/refusals";
import { langOf } from "../../i18n/lang.server";

/** Issue 13: the minimum-wage areas a negotiation may use (those with a round). */
export async function wageAreaChoices(context: AppLoadContext): Promise<string[]> {
  return knownAreas(await listMinimumWageRounds(context.driver.db));
}

export async function organisationChoices(context: AppLoadContext): Promise<OrganisationChoice[]> {
  return (await listOrganisations(context.driver.db)).map(({ id, name, kind, parentId }) => ({ id, name, kind, parentId }));
}

/** Only members of a bargaining party may make a 要约 (policy: canStartNegotiation); others get 403. */
export async function requireStarter(request: Request, context: AppLoadContext): Promise<SessionUser> {
  const user = await requireUser(request, context);
  if (!canStartNegotiation(user, await organisationKindOf(context.driver.db, user.organisationId))) {
    throw json({ error: "forbidden", message: refusalText(langOf(request), { key: "negotiation.startForbidden" }) }, { status: 403 });
  }
  return user;
}

/** The starter's default seat: the side of their own organisation, as chief representative. */
export async function defaultSeat(context: AppLoadContext, user: SessionUser): Promise<{ side: Side; role: "chief" | "observer" }> {
  const kind = await organisationKindOf(context.driver.db, user.organisationId);
  if (kind === "enterprise") return { side: "enterprise", role: "chief" };
  if (kind === "authority") return { side: "observer", role: "observer" };
  return { side: "union", role: "chief" };
}

/** Whole request bodies above this are refused before parsing (the draft plus a few short fields). */
const MAX_REQUEST_BYTES = MAX_DRAFT_BYTES + 64 * 1024;

/** The text fields, and the draft file's text and size (`draftFile`) when one was chosen; null when the body is too large. */
async function readSubmission(request: Request): Promise<Record<string, unknown> | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) return null;
  let form: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    try {
      form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_DRAFT_BYTES }));
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      return null;
    }
  } else {
    form = await request.formData();
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (key === "draftFile" && value.size > 0) fields.draftFile = { text: await value.text(), size: value.size };
  }
  return fields;
}

/** An imported draft is judged by its text (parseDraftJson), only when the form says to import. */
const draftImport = z
  .object({ draftSource: z.unknown(), draftFile: z.object({ text: z.string(), size: z.number() }).optional() })
  .transform((form, ctx): { imported: AgreementContent | null } => {
    if (form.draftSource !== "import") return { imported: null };
    const issue = (message: string) => (ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["draftFile"], message }), z.NEVER);
    if (!form.draftFile) return issue(fieldMessage(NO_DRAFT_FILE.key));
    const parsed = parseDraftJson(form.draftFile.text, form.draftFile.size);
    return parsed.ok ? { imported: parsed.content } : issue(fieldMessage(parsed.text.key, parsed.text.params));
  });

interface StartAccess {
  context: AppLoadContext;
  user: SessionUser;
}

/** The 要约 form, its schema made with this request's organisations and wage areas. */
const startForms = (organisations: OrganisationChoice[], wageAreas: string[]) => ({
  start: intentsFor<StartAccess, "startNegotiation">()({
    schema: z.intersection(startFormSchema(organisations, wageAreas), draftImport),
    policy: "startNegotiation",
    run: async ({ imported, minimumWageArea, ...form }, { context, user }) => {
      const draft = imported ?? { title: form.title, clauses: [{ id: newId("c"), topic: "general", title: "总则", body: "" }] };
      const started = await proposeNegotiation(context, { userId: user.id }, { ...form, draft, draftOrigin: form.draftSource, minimumWageArea });
      return started.ok ? done({ id: started.value }) : started;
    },
    answer: ({ id }) => redirect(`/negotiations/${id}`),
  }),
});

/** The fields given back to a refused form (never the file). */
const START_ECHO = ["title", "scope", "region", "industry", "minimumWageArea", "unionOrgId", "enterpriseOrgId", "mode", "higherUnionOrgId", "proposedBySide", "proposedOn", "creatorSide", "creatorRole", "draftSource"] as const;

export type StartActionData = IntentOutcome<ReturnType<typeof startForms>>;

/** 要约: only a bargaining party's member (403 before the body is read); then the one form, its draft and the command. */
export async function startAction(request: Request, context: AppLoadContext) {
  const user = await requireStarter(request, context);
  const fields = await readSubmission(request);
  if (!fields) return formRefusal(null, "draftFile", refusalText(langOf(request), DRAFT_FILE_TOO_LARGE));
  return runIntentForm(request, {
    intents: startForms(await organisationChoices(context), await wageAreaChoices(context)),
    authorise: () => ({ context, user }),
    unknownIntentPolicy: "startNegotiation",
    defaultIntent: "start",
    fields,
    echo: START_ECHO,
  });
}
