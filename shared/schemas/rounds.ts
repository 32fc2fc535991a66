import { z } from "zod";
import { CLAUSE_ID_PATTERN, MAX_BODY_CHARS, MAX_TITLE_CHARS } from "../agreement";
import { AGREEMENT_TITLE_KEY, type Resolution } from "../rounds/planRound";

/**
 * Forms of the private draft page and of POST /negotiations/:id/rounds (contract: Caucus drafts),
 * one schema each, used by the browser and the server. The side is never read from a form: it is
 * the member's own (policy `caucusSideOf`).
 *
 * Tabling carries the chief's answer per conflicting clause as `resolution.<key>` = mine | theirs |
 * edit, with `title.<key>` / `body.<key>` for an edited text.
 */
const resolutionKey = z.string().refine((key) => key === AGREEMENT_TITLE_KEY || CLAUSE_ID_PATTERN.test(key), "条款编号无效");

export const tableRoundSchema = z
  .object({ intent: z.literal("table") })
  .passthrough()
  .transform((form, ctx) => {
    const resolutions: Record<string, Resolution> = {};
    for (const [field, value] of Object.entries(form)) {
      if (!field.startsWith("resolution.")) continue;
      const key = field.slice("resolution.".length);
      if (!resolutionKey.safeParse(key).success) {
        ctx.addIssue({ code: "custom", path: [field], message: "条款编号无效 (malformed clause id)" });
        continue;
      }
      if (value === "mine" || value === "theirs") resolutions[key] = { choice: value };
      else if (value === "edit") {
        const title = String(form[`title.${key}`] ?? "");
        const body = String(form[`body.${key}`] ?? "");
        if (title.length > MAX_TITLE_CHARS) ctx.addIssue({ code: "custom", path: [`title.${key}`], message: `标题不超过 ${MAX_TITLE_CHARS} 个字 (title too long)` });
        if (body.length > MAX_BODY_CHARS) ctx.addIssue({ code: "custom", path: [`body.${key}`], message: `正文不超过 ${MAX_BODY_CHARS} 个字 (text too long)` });
        if (body.trim() === "" && title.trim() === "") ctx.addIssue({ code: "custom", path: [`body.${key}`], message: "请填写处理后的条款文本 (enter the resolved text)" });
        resolutions[key] = { choice: "edit", title, body };
      } else if (value !== "" && value !== undefined) {
        ctx.addIssue({ code: "custom", path: [field], message: "请选择:保留本方、保留对方或编辑 (choose keep mine, keep theirs or edit)" });
      }
    }
    return { intent: "table" as const, resolutions };
  });

export const resetCaucusDraftSchema = z.object({ intent: z.literal("reset") });

export const tablingPermissionSchema = z.object({
  intent: z.literal("permission"),
  representativesMayTable: z.enum(["yes", "no"], { errorMap: () => ({ message: "请选择是否允许协商代表提交 (choose yes or no)" }) }),
});

export const CAUCUS_INTENTS = { reset: resetCaucusDraftSchema, permission: tablingPermissionSchema } as const;
