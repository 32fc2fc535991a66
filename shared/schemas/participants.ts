import { z } from "zod";
import { ROLES, roleFitsSide, SIDES } from "../roles";
import { fieldMessage, label } from "./issueText";

/** How long an invite link works (a weekend plus a working day at the table). */
export const INVITE_TTL_HOURS = 72;

const side = z.enum(SIDES, { errorMap: () => ({ message: fieldMessage("field.choose", { label: label("label.seat") }) }) });
const role = z.enum(ROLES, { errorMap: () => ({ message: fieldMessage("field.choose", { label: label("label.role") }) }) });
const usernameRequired = fieldMessage("field.enter", { label: label("label.username") });
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");

function roleMustFitSide(value: { side: (typeof SIDES)[number]; role: (typeof ROLES)[number] }, ctx: z.RefinementCtx) {
  if (!roleFitsSide(value.side, value.role)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["role"], message: fieldMessage("field.roleSide") });
}

/** Invite an existing account by username into a seat. */
export const inviteByUsernameSchema = z
  .object({
    intent: z.literal("invite"),
    username: z.string({ required_error: usernameRequired }).trim().min(1, usernameRequired).max(100, fieldMessage("field.maxChars", { label: label("label.username"), max: 100 })),
    side,
    role,
    outsideExpert: checkbox,
  })
  .superRefine(roleMustFitSide);

/** Change a participant's seat. */
export const changeSeatSchema = z
  .object({
    intent: z.literal("changeSeat"),
    participantId: z.string().min(1).max(64),
    side,
    role,
    outsideExpert: checkbox,
  })
  .superRefine(roleMustFitSide);

export const removeParticipantSchema = z.object({
  intent: z.literal("remove"),
  participantId: z.string().min(1).max(64),
});

/** Create a one-time invite link for a seat. */
export const inviteLinkSchema = z
  .object({
    intent: z.literal("createLink"),
    side,
    role,
  })
  .superRefine(roleMustFitSide);

/** Revoke an unused invite link (its id is the SHA-256 of its token, never the token). */
export const revokeLinkSchema = z.object({
  intent: z.literal("revokeLink"),
  inviteId: z.string().regex(/^[0-9a-f]{64}$/, fieldMessage("field.inviteId")),
});

/** The participants page's forms, told apart by their `intent` button. */
export const participantsFormSchema = z.union([inviteByUsernameSchema, changeSeatSchema, removeParticipantSchema, inviteLinkSchema, revokeLinkSchema]);

export const PARTICIPANT_INTENTS = { invite: inviteByUsernameSchema, changeSeat: changeSeatSchema, remove: removeParticipantSchema, createLink: inviteLinkSchema, revokeLink: revokeLinkSchema } as const;
export type ParticipantIntent = keyof typeof PARTICIPANT_INTENTS;

export function isParticipantIntent(value: unknown): value is ParticipantIntent {
  return typeof value === "string" && value in PARTICIPANT_INTENTS;
}

/** An invite token as it appears in the URL: 32 random bytes, base64url. */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
