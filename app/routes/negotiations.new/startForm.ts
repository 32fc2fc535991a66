import { z } from "zod";
import type { RefusalText } from "~/shared/i18n/refusals";
import { fieldMessage } from "~/shared/schemas/issueText";
import {
  negotiationStartSchema,
  type OrganisationChoice,
} from "~/shared/schemas/negotiation";

/**
 * The 要约 form's one schema, for the browser's check and the server's: the start fields, and the
 * minimum-wage area the clause checks will use, which must be one with a round (issue 13).
 * The imported draft's file is checked beside it (the browser on choosing it, the server on its text).
 */
export function startFormSchema(
  organisations: readonly OrganisationChoice[],
  wageAreas: readonly string[]
) {
  return z.intersection(
    negotiationStartSchema(organisations),
    z.object({
      minimumWageArea: z
        .string()
        .optional()
        .transform((v) => v || undefined)
        .refine(
          (v) => v === undefined || wageAreas.includes(v),
          fieldMessage("field.wageAreaWithRound")
        ),
    })
  );
}

/** The draft file's own errors, rendered by the page and the server in the reader's language. */
export const NO_DRAFT_FILE: RefusalText = { key: "field.draftFileMissing" };
export const DRAFT_FILE_TOO_LARGE: RefusalText = { key: "draft.tooLarge" };
