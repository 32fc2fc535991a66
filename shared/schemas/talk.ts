import { z } from "zod";
import { isCalendarDate } from "../rules/deadlines";
import { RECORD_ID_PATTERN } from "../agreement";

/** Limits of what people write about the agreement (a comment is a remark, not a counter-proposal). */
export const TALK_LIMITS = { commentChars: 4_000, noteChars: 8_000, minutesChars: 50_000, placeChars: 200, nameChars: 100 } as const;

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || RECORD_ID_PATTERN.test(v), "编号无效");
const requiredId = z.string({ required_error: "缺少编号" }).regex(RECORD_ID_PATTERN, "编号无效");
const text = (max: number, empty: string) =>
  z
    .string({ required_error: empty })
    .trim()
    .min(1, empty)
    .max(max, `不超过 ${max} 个字符`);

/** Post a shared comment on a clause (or on the negotiation when `clauseId` is empty), or a reply. */
export const commentSchema = z.object({
  intent: z.literal("comment"),
  body: text(TALK_LIMITS.commentChars, "请输入评论内容"),
  clauseId: optionalId,
  parentId: optionalId,
});

export const resolveCommentSchema = z.object({ intent: z.enum(["resolve", "reopen"]), commentId: requiredId });

/** Write a private note of one's own side (内部备注); the side is never taken from the form. */
export const caucusNoteSchema = z.object({
  intent: z.literal("note"),
  body: text(TALK_LIMITS.noteChars, "请输入备注内容"),
  clauseId: optionalId,
});

export const deleteCaucusNoteSchema = z.object({ intent: z.literal("deleteNote"), noteId: requiredId });

export const TALK_INTENTS = { comment: commentSchema, resolve: resolveCommentSchema, reopen: resolveCommentSchema, note: caucusNoteSchema, deleteNote: deleteCaucusNoteSchema } as const;
export type TalkIntent = keyof typeof TALK_INTENTS;
export function isTalkIntent(value: unknown): value is TalkIntent {
  return typeof value === "string" && value in TALK_INTENTS;
}

const date = (message: string) => z.string({ required_error: message }).refine(isCalendarDate, message);
const ids = z.array(z.string().regex(RECORD_ID_PATTERN, "编号无效")).max(500, "选择过多");

/** Record or amend a meeting (协商会议). */
export const meetingSchema = z
  .object({
    intent: z.literal("save"),
    meetingId: optionalId,
    heldOn: date("请填写有效的会议日期(YYYY-MM-DD)"),
    place: text(TALK_LIMITS.placeChars, "请填写会议地点"),
    chairUserId: optionalId,
    minuteTaker: text(TALK_LIMITS.nameChars, "请填写记录人姓名"),
    attendees: ids,
    agenda: ids,
    minutes: z.string().max(TALK_LIMITS.minutesChars, `不超过 ${TALK_LIMITS.minutesChars} 个字符`).default(""),
    outcomes: ids,
    suspendedReason: z
      .string()
      .trim()
      .max(1_000, "不超过 1000 个字符")
      .optional()
      .transform((v) => (v ? v : undefined)),
    resumeOn: z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || isCalendarDate(v), "请填写有效的恢复日期(YYYY-MM-DD)"),
  })
  .superRefine((m, ctx) => {
    if (m.suspendedReason && !m.resumeOn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["resumeOn"], message: "中止协商时请填写约定的恢复日期" });
    if (m.resumeOn && !m.suspendedReason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["suspendedReason"], message: "请填写中止的原因" });
    if (m.resumeOn && m.resumeOn <= m.heldOn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["resumeOn"], message: "恢复日期应晚于会议日期" });
  });
export type MeetingInput = z.infer<typeof meetingSchema>;

export const confirmMinutesSchema = z.object({ intent: z.literal("confirm"), meetingId: requiredId });

export const MEETING_ARRAY_FIELDS = ["attendees", "agenda", "outcomes"] as const;

/** A form as a plain object; the named fields keep every value (checkbox groups). */
export function formObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !arrays.includes(key)) out[key] = value;
  for (const key of arrays) out[key] = form.getAll(key).filter((v): v is string => typeof v === "string");
  return out;
}
