import { refusalText, type RefusalText } from "~/shared/i18n/refusals";
import type { Lang } from "~/shared/i18n/format";

/**
 * What a command answers when the request is understood but cannot be done: a stable code, the
 * form field it concerns, and a message a person can act on, Chinese first (docs/style.md convention 7).
 * The code also decides the HTTP status, here and nowhere else (docs/decisions/018-intent-forms.md).
 */
export interface CommandRefusal {
  ok: false;
  code: string;
  field?: string;
  /** The catalogue entry of the message (shared/i18n/refusals.ts): render it with refusalMessage(refusal, lang). */
  text: RefusalText;
  /** `text` in Chinese, the default language (a log line, a caller with no request). */
  message: string;
  /** Set only where a code means something else than its usual kind (see REFUSAL_KINDS). */
  kind?: RefusalKind;
  /** When a throttle refuses (kind `throttled`): the seconds before trying again, sent as Retry-After. */
  retryAfterSeconds?: number;
}

export type CommandResult<T = null> = { ok: true; value: T } | CommandRefusal;

/** A refusal with its words from the catalogue (`{ key, params }`), the one way a command says no. */
export function refuse<C extends string>(code: C, text: RefusalText, field?: string, kind?: RefusalKind): CommandRefusal & { code: C } {
  const refusal: CommandRefusal & { code: C } = { ok: false, code, text, message: refusalText("zh", text) };
  if (field) refusal.field = field;
  if (kind) refusal.kind = kind;
  return refusal;
}

/** A refusal's message in the user's language. */
export function refusalMessage(refusal: Pick<CommandRefusal, "text">, lang: Lang): string {
  return refusalText(lang, refusal.text);
}

export function done<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** What a refusal says about the request: it decides the status a page or API answers with. */
/** `unauthorised`: a wrong sign-in (401); `gone`: a link that can no longer be used (410). */
export type RefusalKind = "invalid" | "unauthorised" | "forbidden" | "not_found" | "gone" | "conflict" | "too_large" | "throttled";

const STATUS_OF_KIND: Record<RefusalKind, number> = { invalid: 400, unauthorised: 401, forbidden: 403, not_found: 404, gone: 410, conflict: 409, too_large: 413, throttled: 429 };

/**
 * Every code that is not a plain "the form cannot be done as filled in" (400). Authority refusals
 * are the policy's: its signing codes and the delegation checks it applies at the moment of
 * signing (server/policies/signing.ts); registering a delegation marks the same checks `invalid`.
 */
const REFUSAL_KINDS: Record<string, RefusalKind> = {
  forbidden: "forbidden",
  locked: "forbidden",
  seat_not_managed: "forbidden",
  // signingAuthority (SigningRefusalCode) and delegationUsable (DelegationFailureCode) at signing
  not_signatory: "forbidden",
  already_signed: "forbidden",
  no_organisation: "forbidden",
  no_delegation: "forbidden",
  out_of_scope: "forbidden",
  revoked: "forbidden",
  invalid_period: "forbidden",
  not_yet_valid: "forbidden",
  expired: "forbidden",
  unknown_org: "forbidden",
  invalid_delegator: "forbidden",
  delegate_not_union: "forbidden",
  wrong_direction: "forbidden",
  not_found: "not_found",
  no_such_clause: "not_found",
  username_taken: "conflict",
  in_use: "conflict",
  already_answered: "conflict",
  minutes_confirmed: "conflict",
  round_exists: "conflict", // EV-2: a minimum-wage round is never overwritten
  // tabling a round that is not there, not resolved, or already being tabled
  no_draft: "conflict",
  nothing_to_table: "conflict",
  conflicts: "conflict",
  tabling_in_progress: "conflict",
  // the sign-in's one answer for a wrong username or password
  bad_credentials: "unauthorised",
  // C-15, V-3: a text over the draft's limits
  too_large: "too_large",
  // too many wrong passwords on the sign form, the sign-in throttle's answer
  throttled: "throttled",
  // the sign form's one answer for a wrong password and for no authority now
  not_signed: "forbidden",
};

export function refusalKind(refusal: Pick<CommandRefusal, "code" | "kind">): RefusalKind {
  return refusal.kind ?? REFUSAL_KINDS[refusal.code] ?? "invalid";
}

/** The one mapping from a refusal to an HTTP status. */
export function refusalStatus(refusal: Pick<CommandRefusal, "code" | "kind">): number {
  return STATUS_OF_KIND[refusalKind(refusal)];
}
