import { z } from "zod";
import { CLAUSE_ID_PATTERN } from "../agreement";

/** A Yjs relative position as JSON (Y.relativePositionToJSON): small objects of ids. */
const relativePosition = z.object({}).passthrough();

/**
 * One presence (awareness) state as the app sends it (C-14): `user` from useCollab.ts (the server
 * stamps the authenticated identity over it), `cursor` from y-codemirror.next, `clauseId` from
 * ClauseCard.tsx. Any other field is refused, so presence cannot carry what the app never shows.
 */
export const presenceStateSchema = z
  .object({
    user: z.object({ color: z.string().optional() }).passthrough().optional(),
    cursor: z.object({ anchor: relativePosition, head: relativePosition }).strict().nullable().optional(),
    clauseId: z.string().regex(CLAUSE_ID_PATTERN).nullable().optional(),
  })
  .strict();
export type PresenceState = z.infer<typeof presenceStateSchema>;
