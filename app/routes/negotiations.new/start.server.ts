import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  json,
  type AppLoadContext,
} from "@remix-run/node";
import { organisationKindOf } from "../../../db/queries/negotiations";
import { organisationChoices as listOrganisations } from "../../../db/queries/organisations";
import type { SessionUser } from "../../../server/auth/sessions";
import { proposeNegotiation } from "../../../server/commands/negotiationStarter";
import { newId } from "../../../server/ids";
import type { AgreementContent } from "../../../shared/agreement";
import type { Side } from "../../../shared/roles";
import { MAX_DRAFT_BYTES, negotiationStartSchema, parseDraftJson, type OrganisationChoice } from "../../../shared/schemas/negotiation";
import { canStartNegotiation } from "../../../server/policies/negotiation";
import { fieldErrorsOf } from "../../../shared/schemas/intents";
import { requireUser } from "../../guards.server";
import { listMinimumWageRounds } from "../../../db/queries/minimumWages";
import { knownAreas } from "../../../shared/evidence/floorsInForce";

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
    throw json({ error: "forbidden", message: "只有工会或企业一方的人员可以发起协商要约 (only a union or an enterprise may make a proposal)" }, { status: 403 });
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

type Submission = { fields: Record<string, string>; file: File | null; fileTooLarge: boolean };

async function readSubmission(request: Request): Promise<Submission> {
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_REQUEST_BYTES) return { fields: {}, file: null, fileTooLarge: true };
  let form: FormData;
  let fileTooLarge = false;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    try {
      form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_DRAFT_BYTES }));
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      return { fields: {}, file: null, fileTooLarge: true };
    }
  } else {
    form = await request.formData();
  }
  const fields: Record<string, string> = {};
  let file: File | null = null;
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (key === "draftFile" && value.size > 0) file = value;
  }
  return { fields, file, fileTooLarge };
}

export type StartResult = { ok: true; id: string } | { ok: false; errors: Record<string, string>; values: Record<string, string> };

/** Reads and checks the 要约 form, builds the initial draft, and starts the negotiation. */
export async function submitStart(request: Request, context: AppLoadContext, user: SessionUser): Promise<StartResult> {
  const { fields, file, fileTooLarge } = await readSubmission(request);
  if (fileTooLarge) return { ok: false, errors: { draftFile: "文件超过 2 MB,无法导入" }, values: fields };
  const parsed = negotiationStartSchema(await organisationChoices(context)).safeParse(fields);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error.issues);
  const minimumWageArea = fields.minimumWageArea || undefined; // issue 13: the area the clause checks use
  if (minimumWageArea && !(await wageAreaChoices(context)).includes(minimumWageArea)) errors.minimumWageArea = "请选择已有最低工资标准的地区";

  let draft: AgreementContent | null = null;
  if (parsed.success && parsed.data.draftSource === "blank") {
    draft = { title: parsed.data.title, clauses: [{ id: newId("c"), topic: "general", title: "总则", body: "" }] };
  } else if (fields.draftSource === "import") {
    if (!file) errors.draftFile = "请选择要导入的 JSON 文件";
    else {
      const result = parseDraftJson(await file.text(), file.size);
      if (result.ok) draft = result.content;
      else errors.draftFile = result.message;
    }
  }
  if (!parsed.success || !draft || Object.keys(errors).length > 0) return { ok: false, errors, values: fields };

  const form = parsed.data;
  const started = await proposeNegotiation(context.driver, context.collab, {
    title: form.title,
    scope: form.scope,
    region: form.region,
    industry: form.industry,
    mode: form.mode,
    unionOrgId: form.unionOrgId,
    enterpriseOrgId: form.enterpriseOrgId,
    higherUnionOrgId: form.higherUnionOrgId,
    proposedBySide: form.proposedBySide,
    proposedOn: form.proposedOn,
    createdBy: user.id,
    creatorSide: form.creatorSide,
    creatorRole: form.creatorRole,
    draft,
    draftOrigin: form.draftSource,
    minimumWageArea,
  }, user);
  if (!started.ok) return { ok: false, errors: { [started.field ?? "creatorSide"]: started.message }, values: fields };
  return { ok: true, id: started.value };
}
