import { z } from "zod";
import { RECORD_ID_PATTERN } from "../agreement";
import { fieldMessage, label } from "./issueText";

/**
 * Forms and query strings of the versions and comparison pages (issue 4), one schema each, used
 * by the browser for instant feedback and by the server for the real check (docs/style.md rule 4).
 * Messages are catalogue entries (shared/i18n/schemaMessages.ts), rendered in the reader's language.
 */

export const MAX_VERSION_LABEL_CHARS = 60;
export const MAX_VERSION_NOTE_CHARS = 1_000;

/** `live` names the live draft wherever a version id is expected in a comparison. */
export const LIVE = "live";

/** `caucus` names the requester's own side's private draft (内部草案) in a comparison: nobody can name another side's. */
export const CAUCUS = "caucus";

export const versionRefSchema = z
  .string({ required_error: fieldMessage("field.versionMissing") })
  .trim()
  .min(1, fieldMessage("field.versionMissing"))
  .regex(RECORD_ID_PATTERN, fieldMessage("field.versionId"));
export type VersionRef = z.infer<typeof versionRefSchema>;

/** `compare?from=V&to=W` (contract): both required, `live` allowed on either side. */
export const compareQuerySchema = z.object({
  from: versionRefSchema,
  to: versionRefSchema,
});
export type CompareQuery = z.infer<typeof compareQuerySchema>;

/** Reads `from`/`to` from a URL; absent parameters become undefined so zod names them. */
export function parseCompareQuery(url: URL) {
  return compareQuerySchema.safeParse({ from: url.searchParams.get("from") ?? undefined, to: url.searchParams.get("to") ?? undefined });
}

/** "Save the live draft as a version". */
export const saveVersionSchema = z.object({
  intent: z.literal("save"),
  label: z
    .string({ required_error: fieldMessage("field.fill", { label: label("label.versionName") }) })
    .trim()
    .min(1, fieldMessage("field.fill", { label: label("label.versionName") }))
    .max(MAX_VERSION_LABEL_CHARS, fieldMessage("field.maxWords", { label: label("label.versionName"), max: MAX_VERSION_LABEL_CHARS })),
  note: z
    .string()
    .trim()
    .max(MAX_VERSION_NOTE_CHARS, fieldMessage("field.maxWords", { label: label("label.note"), max: MAX_VERSION_NOTE_CHARS }))
    .optional()
    .default(""),
});

/** "Restore the live draft to this version" (after a confirmation in the page). */
export const restoreVersionSchema = z.object({
  intent: z.literal("restore"),
  versionId: z.string({ required_error: fieldMessage("field.choose", { label: label("label.versionToRestore") }) }).regex(RECORD_ID_PATTERN, fieldMessage("field.versionId")),
});

export const VERSION_INTENTS = { save: saveVersionSchema, restore: restoreVersionSchema } as const;
export type VersionIntent = keyof typeof VERSION_INTENTS;
export function isVersionIntent(value: unknown): value is VersionIntent {
  return value === "save" || value === "restore";
}
