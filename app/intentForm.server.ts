import { json, type AppLoadContext, type TypedResponse } from "@remix-run/node";
import type { ZodType, ZodTypeDef } from "zod";
import type { Actor } from "~/server/commands/commandContext";
import { refusalMessage, refusalStatus, type CommandRefusal, type CommandResult } from "~/server/commands/commandResult";
import { refusalText } from "~/shared/i18n/refusals";
import type { SessionUser } from "~/server/auth/sessions";
import type { AdminAction } from "~/server/policies/admin";
import type { NegotiationAction } from "~/server/policies/negotiation";
import { fieldErrorsOf, intentOf, type FieldErrors } from "~/shared/schemas/intents";
import { requireAdministration } from "./adminGuard.server";
import { requireNegotiation, requireUser, type NegotiationAccess } from "./guards.server";
import { langOf } from "./i18n/lang.server";

/**
 * The one way a page's form post is handled (docs/decisions/018-intent-forms.md): a page declares
 * its intents — each a zod schema (the same one the browser checks with), the policy question it
 * asks, and the command it runs — and `runIntentForm` does the rest in one order:
 *
 *   read form → pick intent → policy (403, thrown by the page's guard) → zod (400 with field errors)
 *   → command → its refusal's status (commandResult.ts) or the command's value.
 *
 * The policy is asked before the form is checked, so someone who may not use a form learns
 * nothing about what it expects.
 */
export interface Intent<Access, Policy, Input, Value> {
  /** The form's one zod schema, the same the browser checks with (useIntentForms). */
  schema: ZodType<Input, ZodTypeDef, unknown>;
  /** The policy action this form needs; the page's `authorise` asks it. */
  policy: Policy;
  run(input: Input, access: Access): CommandResult<Value> | Promise<CommandResult<Value>>;
  /** Response headers of a successful answer (e.g. no-store for a fresh invite link). */
  headers?: HeadersInit;
  /**
   * A permission the policy table does not hold (a policy function of its own, e.g. who keeps the
   * coverage): asked right after `authorise` and before the schema, refused like a command's refusal.
   */
  permits?(access: Access): CommandRefusal | null;
  /** A success answered other than with JSON: the response (a redirect, a cookie), or null for the JSON answer. */
  answer?(value: Value, input: Input, access: Access): Response | null;
  /** What a refusal carries beside its message, for the page to show (a round's conflicting clauses). */
  detail?(refusal: CommandRefusal): Record<string, unknown>;
}

/**
 * A page's intent builder: fixes what its commands are given (Access) and its policy actions, and
 * infers each form's input from its schema: `const intent = intentsFor<Access, NegotiationAction>()`.
 */
export function intentsFor<Access, Policy>() {
  return <Input, Value>(spec: Intent<Access, Policy, Input, Value>): Intent<Access, Policy, Input, Value> => spec;
}

/** Any page's intent, whatever its access, policy, schema and value. */
type AnyIntent = Intent<never, unknown, unknown, unknown>;
type ValueOf<I> = I extends Intent<never, unknown, unknown, infer V> ? V : never;

/** A refused or invalid submission: the errors per field (`_form` for the whole form) and one message. */
export interface IntentRefusal {
  ok: false;
  intent: string | null;
  /** The record the form was about (a row's id), so the page shows the answer on that row. */
  subject: string | null;
  code: string;
  errors: FieldErrors;
  message: string;
  /** The harmless fields of the refused form, to fill it again (never a password or a file). */
  values?: Record<string, string>;
  /** A throttle's wait, also sent as Retry-After (the page says it: a header is not in the action data). */
  retryAfterSeconds?: number;
}

export type IntentSuccess<T extends Record<string, AnyIntent>> = {
  [K in keyof T & string]: { ok: true; intent: K; subject: string | null } & (ValueOf<T[K]> extends object ? ValueOf<T[K]> : unknown);
}[keyof T & string];

export type IntentOutcome<T extends Record<string, AnyIntent>> = IntentSuccess<T> | IntentRefusal;

export interface IntentPage<Access, Policy, T extends Record<string, Intent<Access, Policy, unknown, unknown>>> {
  intents: T;
  /** Asks the policy module for `policy` and returns what the commands need; throws the 403 (or 401/404) response. */
  authorise: (policy: Policy) => Access | Promise<Access>;
  /** The policy asked for a submission that names no known intent, before it is refused with 400. */
  unknownIntentPolicy: Policy;
  /** The field naming the record a form is about (a row's id), echoed in the answer. */
  subjectField?: string;
  /** Fields safe to echo back into a refused form. */
  echo?: readonly string[];
  /** The form's fields when the page read the body itself (multipart); else read here. */
  fields?: Record<string, unknown>;
  /** The intent of a submission that names none: a page whose URL is its one form (sign-in, coverage). */
  defaultIntent?: keyof T & string;
}


/** Reads an urlencoded or plain multipart form into its text fields; a body that is no form (a bare POST) has none. */
export async function readFormFields(request: Request): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(request.headers.get("Content-Type") ?? "")) return fields;
  for (const [key, value] of await request.formData()) if (typeof value === "string") fields[key] = value;
  return fields;
}

/** A refusal made before the runner could read the form (a body over its size limit). */
export function formRefusal(intent: string | null, field: string, message: string, status = 400): TypedResponse<IntentRefusal> {
  return json<IntentRefusal>({ ok: false, intent, subject: null, code: "invalid", errors: { [field]: message }, message }, { status });
}

export async function runIntentForm<Access, Policy, T extends Record<string, Intent<Access, Policy, unknown, unknown>>>(
  request: Request,
  page: IntentPage<Access, Policy, T>,
): Promise<TypedResponse<IntentOutcome<T>>> {
  const fields = page.fields ?? (await readFormFields(request));
  const lang = langOf(request);
  const name = intentOf(page.intents, fields.intent ?? page.defaultIntent);
  const subject = page.subjectField && typeof fields[page.subjectField] === "string" ? (fields[page.subjectField] as string) || null : null;
  const values = page.echo ? Object.fromEntries(page.echo.map((f) => [f, typeof fields[f] === "string" ? (fields[f] as string) : ""])) : undefined;
  const refused = (status: number, refusal: Omit<IntentRefusal, "ok" | "subject" | "values">, headers?: HeadersInit) =>
    json<IntentOutcome<T>>({ ok: false, subject, ...(values ? { values } : {}), ...refusal }, { status, headers });
  const commandRefused = (intent: string, refusal: CommandRefusal, detail?: Record<string, unknown>) => {
    const message = refusalMessage(refusal, lang);
    const { retryAfterSeconds } = refusal;
    // A throttle's refusal says when to try again (X-2: the sign form meets the sign-in throttle's 429).
    const headers = retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : undefined;
    const errors = { [refusal.field ?? "_form"]: message };
    return refused(refusalStatus(refusal), { intent, code: refusal.code, errors, message, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}), ...detail }, headers);
  };

  const access = await page.authorise(name ? page.intents[name]!.policy : page.unknownIntentPolicy);
  if (!name) {
    const message = refusalText(lang, { key: "request.unknownIntent" });
    return refused(400, { intent: null, code: "unknown_intent", errors: { _form: message }, message });
  }
  const spec = page.intents[name]!;
  const forbidden = spec.permits?.(access);
  if (forbidden) return commandRefused(name, forbidden);
  // No text anyone types holds U+0000, and PostgreSQL's text columns cannot store it (SQLite's can):
  // every form refuses it here, naming the field, so both databases answer the same 400. Not
  // `redirectTo`: a navigation hint never stored, which safeRedirect judges (X-1: a hostile one is
  // ignored and the sign-in still goes through).
  const withNul = Object.keys(fields).find((key) => key !== "redirectTo" && [fields[key]].flat().some((v) => typeof v === "string" && v.includes("\u0000")));
  if (withNul) return refused(400, { intent: name, code: "invalid", errors: { [withNul]: refusalText(lang, { key: "request.nulCharacter" }) }, message: refusalText(lang, { key: "request.checkTheForm" }) });
  const parsed = spec.schema.safeParse(fields);
  if (!parsed.success) return refused(400, { intent: name, code: "invalid", errors: fieldErrorsOf(parsed.error.issues, lang), message: refusalText(lang, { key: "request.checkTheForm" }) });
  const result = await spec.run(parsed.data, access);
  if (!result.ok) return commandRefused(name, result, spec.detail?.(result));
  const answered = spec.answer?.(result.value, parsed.data, access);
  if (answered) return answered as TypedResponse<IntentOutcome<T>>;
  const value = result.value !== null && typeof result.value === "object" ? result.value : {};
  return json({ ok: true, intent: name, subject, ...value } as IntentOutcome<T>, spec.headers ? { headers: spec.headers } : undefined);
}

/**
 * What every negotiation page's intents are given: the request, the context, the guard's access,
 * and the one command actor (negotiation, ids, seat, facts).
 */
export interface NegotiationIntentAccess {
  request: Request;
  context: AppLoadContext;
  access: NegotiationAccess;
  /** The one command Actor (server/commands/commandContext.ts), as the guard resolved it. */
  actor: Actor;
}

/** The intent builder of a negotiation page: policies are the negotiation policy's actions. */
export const negotiationIntent = intentsFor<NegotiationIntentAccess, NegotiationAction>();

/** runIntentForm for a negotiation page: the guard is requireNegotiation with each intent's action. */
export function runNegotiationIntentForm<T extends Record<string, Intent<NegotiationIntentAccess, NegotiationAction, unknown, unknown>>>(
  request: Request,
  context: AppLoadContext,
  id: string | undefined,
  page: Omit<IntentPage<NegotiationIntentAccess, NegotiationAction, T>, "authorise"> & { kind?: "page" | "api" },
) {
  return runIntentForm(request, {
    ...page,
    authorise: async (action) => {
      const access = await requireNegotiation(request, context, id, action, page.kind ?? "page");
      const { negotiation, user, membership, facts } = access;
      return { request, context, access, actor: { negotiation, negotiationId: negotiation.id, userId: user.id, membership, facts } };
    },
  });
}

/** What the administration pages' intents are given: the context and the administrator. */
export interface AdminIntentAccess {
  context: AppLoadContext;
  actor: SessionUser;
}

export const adminIntent = intentsFor<AdminIntentAccess, AdminAction>();

/** runIntentForm for an administration page: the guard is requireAdministration with each intent's action. */
export function runAdminIntentForm<T extends Record<string, Intent<AdminIntentAccess, AdminAction, unknown, unknown>>>(
  request: Request,
  context: AppLoadContext,
  page: Omit<IntentPage<AdminIntentAccess, AdminAction, T>, "authorise">,
) {
  return runIntentForm(request, { ...page, authorise: async (action) => ({ context, actor: await requireAdministration(request, context, action) }) });
}

/** What a form is given that asks no policy beyond who is signed in: the request, the context and the user (null signed out). */
export interface SessionIntentAccess<User> {
  request: Request;
  context: AppLoadContext;
  user: User;
}

/** Sign-in: anyone may post it; the throttle and the password are the command's answer. */
export const publicIntent = intentsFor<SessionIntentAccess<null>, "anyone">();

export function runPublicIntentForm<T extends Record<string, Intent<SessionIntentAccess<null>, "anyone", unknown, unknown>>>(
  request: Request,
  context: AppLoadContext,
  page: Omit<IntentPage<SessionIntentAccess<null>, "anyone", T>, "authorise" | "unknownIntentPolicy">,
) {
  return runIntentForm(request, { ...page, unknownIntentPolicy: "anyone", authorise: () => ({ request, context, user: null }) });
}

/** A form for any signed-in user (an invite link): signed out, to the sign-in page and back (requireUser). */
export const signedInIntent = intentsFor<SessionIntentAccess<SessionUser>, "signedIn">();

export function runSignedInIntentForm<T extends Record<string, Intent<SessionIntentAccess<SessionUser>, "signedIn", unknown, unknown>>>(
  request: Request,
  context: AppLoadContext,
  page: Omit<IntentPage<SessionIntentAccess<SessionUser>, "signedIn", T>, "authorise" | "unknownIntentPolicy">,
) {
  return runIntentForm(request, { ...page, unknownIntentPolicy: "signedIn", authorise: async () => ({ request, context, user: await requireUser(request, context) }) });
}
