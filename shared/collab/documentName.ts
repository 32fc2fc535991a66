import { RECORD_ID_PATTERN } from "../agreement";

/**
 * Which Yjs document a collaboration name (the path after `/collab/`) or a storage key means:
 * the live draft `<negotiationId>`, or one side's private draft (内部草案) `<negotiationId>~<side>`
 * (contract: "Caucus drafts"). Everything that names a document — the WebSocket room, the
 * registry, persistence — goes through these two functions.
 */
export const CAUCUS_SIDES = ["union", "enterprise"] as const;
export type CaucusSide = (typeof CAUCUS_SIDES)[number];

/** `live` for the table everyone sees; a side for that side's private draft. */
export type DraftKind = "live" | CaucusSide;

export interface DocumentName {
  negotiationId: string;
  draft: DraftKind;
}

export const CAUCUS_SEPARATOR = "~";

export function isCaucusSide(value: unknown): value is CaucusSide {
  return value === "union" || value === "enterprise";
}

/** The room name / registry key: the negotiation id alone for the live draft. */
export function formatDocumentName(name: DocumentName): string {
  return name.draft === "live" ? name.negotiationId : `${name.negotiationId}${CAUCUS_SEPARATOR}${name.draft}`;
}

export function caucusDocumentName(negotiationId: string, side: CaucusSide): string {
  return formatDocumentName({ negotiationId, draft: side });
}

/** Null for anything that is neither `<id>` nor `<id>~union|enterprise` with a well-formed id. */
export function parseDocumentName(text: string): DocumentName | null {
  const at = text.indexOf(CAUCUS_SEPARATOR);
  const negotiationId = at < 0 ? text : text.slice(0, at);
  if (!RECORD_ID_PATTERN.test(negotiationId)) return null;
  if (at < 0) return { negotiationId, draft: "live" };
  const draft = text.slice(at + 1);
  return isCaucusSide(draft) ? { negotiationId, draft } : null;
}
