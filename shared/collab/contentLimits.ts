import { MAX_BODY_CHARS, MAX_CLAUSES, MAX_TITLE_CHARS, type AgreementContent } from "../agreement";
import { MAX_DRAFT_BYTES } from "../schemas/negotiation";
import { REFUSAL_REASONS, type RefusalReason } from "./protocol";

const utf8 = new TextEncoder();

/**
 * The import's limits applied to an agreement's content (SPEC C-15, V-3): what the live draft
 * refuses, a saved version may not hold either. Returns the limit it breaks, or null.
 */
export function contentLimitRefusal(content: AgreementContent): RefusalReason | null {
  if (content.clauses.length > MAX_CLAUSES) return REFUSAL_REASONS.tooManyClauses;
  if (content.title.length > MAX_TITLE_CHARS) return REFUSAL_REASONS.titleTooLong;
  let bytes = utf8.encode(content.title).length;
  for (const clause of content.clauses) {
    if (clause.title.length > MAX_TITLE_CHARS) return REFUSAL_REASONS.titleTooLong;
    if (clause.body.length > MAX_BODY_CHARS) return REFUSAL_REASONS.bodyTooLong;
    bytes += utf8.encode(clause.title).length + utf8.encode(clause.body).length;
  }
  return bytes > MAX_DRAFT_BYTES ? REFUSAL_REASONS.documentTooLarge : null;
}

/** "code: 中文 (English)" as a form error: the Chinese first, the English after it. */
export function refusalMessage(reason: string): string {
  return reason.replace(/^[a-z-]+: /, "");
}
