import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type AppLoadContext,
} from "@remix-run/node";
import { chinaDateOf, listDelegations } from "~/db/queries/signing";
import { organisationChoices } from "~/db/queries/organisations";
import { registerDelegation, revokeDelegation } from "~/server/commands/delegationRegistrar";
import { flattenTree } from "~/shared/orgTree";
import { chinaToday, toDayNumber } from "~/shared/rules/deadlines";
import { DELEGATION_INTENTS, MAX_SCAN_BYTES, scanMimeOf, type DelegationIntent } from "~/shared/schemas/signing";
import { z } from "zod";
import { requireNegotiation, type NegotiationAccess } from "../../guards.server";
import { formRefusal, negotiationIntent as intent, runNegotiationIntentForm, type IntentOutcome } from "../../intentForm.server";

type DelegationState = "usable" | "revoked" | "expired" | "not_yet_valid";

/** The delegations page's whitelist: the delegations with names and state, the choices of the form. */
export async function delegationsPage(context: AppLoadContext, access: NegotiationAccess, now = new Date()) {
  const { negotiation, abilities } = access;
  const orgs = await organisationChoices(context.driver.db);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const today = toDayNumber(chinaToday(now));
  const tree = flattenTree(orgs);
  const { locked } = access.facts;
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, mode: negotiation.mode, locked },
    mayManage: abilities.manageDelegations,
    delegations: (await listDelegations(context.driver.db, negotiation.id)).map((d) => {
      const state: DelegationState =
        d.revokedAt !== null ? "revoked" : today > toDayNumber(d.validTo) ? "expired" : today < toDayNumber(d.validFrom) ? "not_yet_valid" : "usable";
      return {
        id: d.id,
        kind: d.kind,
        from: names.get(d.fromOrgId) ?? d.fromOrgId,
        to: names.get(d.toOrgId) ?? d.toOrgId,
        letterNo: d.letterNo,
        validFrom: d.validFrom,
        validTo: d.validTo,
        hasScan: d.scanMime !== null,
        registeredBy: d.registeredByName ?? "",
        state,
        revoked: d.revokedAt !== null ? { on: chinaDateOf(d.revokedAt), by: d.revokedByName ?? "", reason: d.revokeReason ?? "" } : null,
      };
    }),
    choices: {
      from: tree.filter((r) => r.node.kind === "union" || r.node.kind === "assembly").map((r) => ({ id: r.node.id, name: r.node.name, depth: r.depth })),
      to: tree.filter((r) => r.node.kind === "union").map((r) => ({ id: r.node.id, name: r.node.name, depth: r.depth })),
    },
    defaults: { kind: negotiation.mode === "participate" ? "participate" : "represent", fromOrgId: negotiation.unionOrgId, toOrgId: negotiation.higherUnionOrgId ?? "", validFrom: chinaToday(now) },
  };
}

/** Whole request bodies above this are refused before parsing (the scan plus a few short fields). */
const MAX_REQUEST_BYTES = MAX_SCAN_BYTES + 64 * 1024;
const SCAN_TOO_LARGE = "扫描件超过 5 MB";

/** The text fields, and the scan's bytes (`scan`) when a file was chosen. */
async function readForm(request: Request): Promise<{ fields: Record<string, string | Buffer>; tooLarge: boolean }> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) return { fields: {}, tooLarge: true };
  let form: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    try {
      form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_SCAN_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return { fields: {}, tooLarge: true };
      throw error;
    }
  } else form = await request.formData();
  const fields: Record<string, string | Buffer> = {};
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (key === "scan" && value.size > 0) fields.scan = Buffer.from(await value.arrayBuffer());
  }
  return { fields, tooLarge: false };
}

/** The scan is judged by its bytes, never by its name or the type the browser claims. */
const scanUpload = z
  .instanceof(Buffer)
  .optional()
  .superRefine((bytes, ctx) => {
    if (!bytes) return;
    if (bytes.length > MAX_SCAN_BYTES) ctx.addIssue({ code: z.ZodIssueCode.custom, message: SCAN_TOO_LARGE });
    else if (!scanMimeOf(bytes)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "扫描件须为 PDF、JPEG 或 PNG 文件(按文件内容判断,而非文件名)" });
  })
  .transform((bytes) => (bytes ? { bytes, mime: scanMimeOf(bytes)! } : null));

/** Register or revoke (policy `manageDelegations`, refused on a locked agreement); each done by one command. */
const DELEGATION_FORMS = {
  register: intent({
    schema: z.intersection(DELEGATION_INTENTS.register, z.object({ scan: scanUpload })),
    policy: "manageDelegations",
    run: ({ intent: _intent, ...input }, { context, actor }) => registerDelegation(context, actor, input),
  }),
  revoke: intent({ schema: DELEGATION_INTENTS.revoke, policy: "manageDelegations", run: (data, { context, actor }) => revokeDelegation(context, actor, data) }),
} satisfies Record<DelegationIntent, unknown>;

export type DelegationsActionData = IntentOutcome<typeof DELEGATION_FORMS>;

export async function delegationsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  // Asked before the body is read: who may not register a delegation uploads nothing.
  await requireNegotiation(request, context, id, "manageDelegations");
  const { fields, tooLarge } = await readForm(request);
  if (tooLarge) return formRefusal("register", "scan", SCAN_TOO_LARGE);
  return runNegotiationIntentForm(request, context, id, {
    intents: DELEGATION_FORMS,
    unknownIntentPolicy: "manageDelegations",
    fields,
    subjectField: "delegationId",
    echo: ["kind", "fromOrgId", "toOrgId", "letterNo", "validFrom", "validTo"],
  });
}
