import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  type AppLoadContext,
} from "@remix-run/node";
import { asc } from "drizzle-orm";
import { chinaDateOf, listDelegations } from "../../../db/queries/signing";
import { organisations } from "../../../db/schema";
import type { CommandRefusal } from "../../../server/commands/commandResult";
import { registerDelegation, revokeDelegation } from "../../../server/commands/delegationRegistrar";
import { canManageDelegations } from "../../../server/policies/signing";
import { flattenTree } from "../../../shared/orgTree";
import { chinaToday, toDayNumber } from "../../../shared/rules/deadlines";
import { isDelegationIntent, DELEGATION_INTENTS, MAX_SCAN_BYTES, scanMimeOf, type DelegationIntent } from "../../../shared/schemas/signing";
import { fieldErrors, requireNegotiation, type NegotiationAccess } from "../../guards.server";

type DelegationState = "usable" | "revoked" | "expired" | "not_yet_valid";

/** The delegations page's whitelist: the delegations with names and state, the choices of the form. */
export function delegationsPage(context: AppLoadContext, access: NegotiationAccess, now = new Date()) {
  const { negotiation, membership } = access;
  const orgs = context.db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind, parentId: organisations.parentId })
    .from(organisations)
    .orderBy(asc(organisations.createdAt), asc(organisations.id))
    .all();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const today = toDayNumber(chinaToday(now));
  const tree = flattenTree(orgs);
  const locked = negotiation.lockedAt !== null;
  return {
    negotiation: { id: negotiation.id, title: negotiation.title, mode: negotiation.mode, locked },
    mayManage: canManageDelegations(membership, locked),
    delegations: listDelegations(context.db, negotiation.id).map((d) => {
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

export type DelegationsActionData =
  | { intent: DelegationIntent | null; delegationId?: string; errors: Record<string, string>; values?: Record<string, string> }
  | { intent: DelegationIntent; done: true };

/** Whole request bodies above this are refused before parsing (the scan plus a few short fields). */
const MAX_REQUEST_BYTES = MAX_SCAN_BYTES + 64 * 1024;
const SCAN_TOO_LARGE = "扫描件超过 5 MB";

async function readForm(request: Request): Promise<{ fields: Record<string, string>; scan: File | null; tooLarge: boolean }> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) return { fields: {}, scan: null, tooLarge: true };
  let form: FormData;
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    try {
      form = await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: MAX_SCAN_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return { fields: {}, scan: null, tooLarge: true };
      throw error;
    }
  } else form = await request.formData();
  const fields: Record<string, string> = {};
  let scan: File | null = null;
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (key === "scan" && value.size > 0) scan = value;
  }
  return { fields, scan, tooLarge: false };
}

function refusal(intent: DelegationIntent, r: CommandRefusal, values?: Record<string, string>, delegationId?: string) {
  return json<DelegationsActionData>({ intent, delegationId, values, errors: { [r.field ?? "_form"]: r.message } }, { status: r.code === "forbidden" || r.code === "locked" ? 403 : 400 });
}

/** Register or revoke: authorised by the policy (refused with 403 on a locked agreement), checked by its schema, done by one command. */
export async function delegationsAction(request: Request, context: AppLoadContext, id: string | undefined) {
  const access = requireNegotiation(request, context, id, "read");
  const { negotiation, membership, user } = access;
  if (!canManageDelegations(membership, negotiation.lockedAt !== null)) {
    throw json({ error: "forbidden", message: "协议已签署锁定或您的角色不能管理委托 (locked, or your role may not manage delegations)" }, { status: 403 });
  }
  const { fields, scan, tooLarge } = await readForm(request);
  if (tooLarge) return json<DelegationsActionData>({ intent: "register", errors: { scan: SCAN_TOO_LARGE }, values: {} }, { status: 400 });
  const intent = isDelegationIntent(fields.intent) ? fields.intent : null;
  if (!intent) return json<DelegationsActionData>({ intent: null, errors: { _form: "无法识别的操作 (unknown action)" } }, { status: 400 });
  const actor = { negotiation, userId: user.id, membership };

  if (intent === "revoke") {
    const parsed = DELEGATION_INTENTS.revoke.safeParse(fields);
    if (!parsed.success) return json<DelegationsActionData>({ intent, delegationId: fields.delegationId, errors: fieldErrors(parsed.error.issues) }, { status: 400 });
    const result = revokeDelegation(context.db, actor, parsed.data);
    if (!result.ok) return refusal(intent, result, undefined, parsed.data.delegationId);
    context.events.publish(negotiation.id, { kind: "signing" });
    return json<DelegationsActionData>({ intent, done: true });
  }

  const parsed = DELEGATION_INTENTS.register.safeParse(fields);
  const errors = parsed.success ? {} : fieldErrors(parsed.error.issues);
  let scanValue: { bytes: Buffer; mime: NonNullable<ReturnType<typeof scanMimeOf>> } | null = null;
  if (scan) {
    const bytes = Buffer.from(await scan.arrayBuffer());
    const mime = scanMimeOf(bytes);
    if (bytes.length > MAX_SCAN_BYTES) errors.scan = SCAN_TOO_LARGE;
    else if (!mime) errors.scan = "扫描件须为 PDF、JPEG 或 PNG 文件(按文件内容判断,而非文件名)";
    else scanValue = { bytes, mime };
  }
  if (!parsed.success || Object.keys(errors).length > 0) return json<DelegationsActionData>({ intent, errors, values: fields }, { status: 400 });
  const { intent: _intent, ...input } = parsed.data;
  const result = registerDelegation(context.db, actor, input, scanValue);
  if (!result.ok) return refusal(intent, result, fields);
  context.events.publish(negotiation.id, { kind: "signing" });
  return json<DelegationsActionData>({ intent, done: true });
}
