import { z } from "zod";
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
          "请选择已有最低工资标准的地区"
        ),
    })
  );
}

export const NO_DRAFT_FILE = "请选择要导入的 JSON 文件";
export const DRAFT_FILE_TOO_LARGE = "文件超过 2 MB,无法导入";
