import { z } from "zod";
import { CLAUSE_ID_PATTERN, MAX_BODY_CHARS, MAX_TITLE_CHARS } from "../agreement";
import { AGREEMENT_TITLE_KEY, type Resolution } from "../rounds/planRound";
import { fieldMessage, label } from "./issueText";

/**
 * Forms of the private draft page and of POST /negotiations/:id/rounds (contract: Caucus drafts),
 * one schema each, used by the browser and the server. The side is never read from a form: it is
 * the member's own (policy `caucusSideOf`).
 *
 * Tabling carries the chief's answer per conflicting clause as `resolution.<key>` = mine | theirs |
 * edit, with `title.<key>` / `body.<key>` for an edited text.
 */
const resolutionKey = z.string().refine((key) => key === AGREEMENT_TITLE_KEY || CLAUSE_ID_PATTERN.test(key), fieldMessage("field.clauseId"));

export const tableRoundSchema = z
  .object({ intent: z.literal("table") })
  .passthrough()
  .transform((form, ctx) => {
    const resolutions: Record<string, Resolution> = {};
    for (const [field, value] of Object.entries(form)) {
      if (!field.startsWith("resolution.")) continue;
      const key = field.slice("resolution.".length);
      if (!resolutionKey.safeParse(key).success) {
        ctx.addIssue({ code: "custom", path: [field], message: fieldMessage("field.clauseId") });
        continue;
      }
      if (value === "mine" || value === "theirs") resolutions[key] = { choice: value };
      else if (value === "edit") {
        const title = String(form[`title.${key}`] ?? "");
        const body = String(form[`body.${key}`] ?? "");
        if (title.length > MAX_TITLE_CHARS) ctx.addIssue({ code: "custom", path: [`title.${key}`], message: fieldMessage("field.notOverWords", { label: label("label.title"), max: MAX_TITLE_CHARS }) });
        if (body.length > MAX_BODY_CHARS) ctx.addIssue({ code: "custom", path: [`body.${key}`], message: fieldMessage("field.notOverWords", { label: label("label.body"), max: MAX_BODY_CHARS }) });
        if (body.trim() === "" && title.trim() === "") ctx.addIssue({ code: "custom", path: [`body.${key}`], message: fieldMessage("field.resolvedText") });
        resolutions[key] = { choice: "edit", title, body };
      } else if (value !== "" && value !== undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: fieldMessage("field.resolution") });
      }
    }
    return { intent: "table" as const, resolutions };
  });

export const resetCaucusDraftSchema = z.object({ intent: z.literal("reset") });

export const tablingPermissionSchema = z.object({
  intent: z.literal("permission"),
  representativesMayTable: z.enum(["yes", "no"], { errorMap: () => ({ message: fieldMessage("field.representativesMayTable") }) }),
});

export const CAUCUS_INTENTS = { reset: resetCaucusDraftSchema, permission: tablingPermissionSchema } as const;
