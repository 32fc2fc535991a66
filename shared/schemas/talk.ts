import { z } from "zod";
import { isCalendarDate } from "../rules/deadlines";
import { RECORD_ID_PATTERN } from "../agreement";
import type { RefusalKey } from "../i18n/refusals";
import { fieldMessage, label } from "./issueText";

/** Limits of what people write about the agreement (a comment is a remark, not a counter-proposal). */
export const TALK_LIMITS = { commentChars: 4_000, noteChars: 8_000, minutesChars: 50_000, placeChars: 200, nameChars: 100 } as const;

const optionalId = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || RECORD_ID_PATTERN.test(v), fieldMessage("field.id"));
const requiredId = z.string({ required_error: fieldMessage("field.idMissing") }).regex(RECORD_ID_PATTERN, fieldMessage("field.id"));
const atMost = (max: number) => fieldMessage("field.maxCharsBare", { max });
/** Required text; `empty` is what an empty one is told ("请输入…" or "请填写…" the field). */
const text = (max: number, empty: "field.enter" | "field.fill", name: RefusalKey) =>
  z
    .string({ required_error: fieldMessage(empty, { label: label(name) }) })
    .trim()
    .min(1, fieldMessage(empty, { label: label(name) }))
    .max(max, atMost(max));

/** Post a shared comment on a clause (or on the negotiation when `clauseId` is empty), or a reply. */
export const commentSchema = z.object({
  intent: z.literal("comment"),
  body: text(TALK_LIMITS.commentChars, "field.enter", "label.comment"),
  clauseId: optionalId,
  parentId: optionalId,
});

export const resolveCommentSchema = z.object({ intent: z.enum(["resolve", "reopen"]), commentId: requiredId });

/** Write a private note of one's own side (内部备注); the side is never taken from the form. */
export const caucusNoteSchema = z.object({
  intent: z.literal("note"),
  body: text(TALK_LIMITS.noteChars, "field.enter", "label.caucusNote"),
  clauseId: optionalId,
});

export const deleteCaucusNoteSchema = z.object({ intent: z.literal("deleteNote"), noteId: requiredId });

export const TALK_INTENTS = { comment: commentSchema, resolve: resolveCommentSchema, reopen: resolveCommentSchema, note: caucusNoteSchema, deleteNote: deleteCaucusNoteSchema } as const;
export type TalkIntent = keyof typeof TALK_INTENTS;
export function isTalkIntent(value: unknown): value is TalkIntent {
  return typeof value === "string" && value in TALK_INTENTS;
}

const date = (name: RefusalKey) => {
  const message = fieldMessage("field.fillRealDate", { label: label(name) });
  return z.string({ required_error: message }).refine(isCalendarDate, message);
};
const ids = z.array(z.string().regex(RECORD_ID_PATTERN, fieldMessage("field.id"))).max(500, fieldMessage("field.tooManyChosen"));

/** Record or amend a meeting (协商会议). */
export const meetingSchema = z
  .object({
    intent: z.literal("save"),
    meetingId: optionalId,
    heldOn: date("label.meetingDate"),
    place: text(TALK_LIMITS.placeChars, "field.fill", "label.meetingPlace"),
    chairUserId: optionalId,
    minuteTaker: text(TALK_LIMITS.nameChars, "field.fill", "label.minuteTaker"),
    attendees: ids,
    agenda: ids,
    minutes: z.string().max(TALK_LIMITS.minutesChars, atMost(TALK_LIMITS.minutesChars)).default(""),
    outcomes: ids,
    suspendedReason: z
      .string()
      .trim()
      .max(1_000, atMost(1_000))
      .optional()
      .transform((v) => (v ? v : undefined)),
    resumeOn: z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || isCalendarDate(v), fieldMessage("field.fillRealDate", { label: label("label.resumeOn") })),
  })
  .superRefine((m, ctx) => {
    if (m.suspendedReason && !m.resumeOn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["resumeOn"], message: fieldMessage("field.resumeOnMissing") });
    if (m.resumeOn && !m.suspendedReason) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["suspendedReason"], message: fieldMessage("field.fill", { label: label("label.suspensionReason") }) });
    if (m.resumeOn && m.resumeOn <= m.heldOn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["resumeOn"], message: fieldMessage("field.resumeAfterMeeting") });
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
