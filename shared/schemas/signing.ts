import { z } from "zod";
import { isCalendarDate, toDayNumber } from "../rules/deadlines";
import type { RefusalKey } from "../i18n/refusals";
import { ratificationInputSchema } from "../rules/ratification";
import { fieldMessage, label } from "./issueText";

/**
 * The forms of delegations, ratification, signing and the post-signing records: one schema each,
 * used by the page for instant feedback and by the action for the real check (docs/style.md 4).
 */

const fill = (name: RefusalKey) => fieldMessage("field.fill", { label: label(name) });

const date = (name: RefusalKey) =>
  z
    .string({ required_error: fill(name) })
    .trim()
    .min(1, fill(name))
    .refine(isCalendarDate, fieldMessage("field.realDate", { label: label(name) }));

const shortText = (name: RefusalKey, max: number) =>
  z
    .string({ required_error: fill(name) })
    .trim()
    .min(1, fill(name))
    .max(max, fieldMessage("field.maxChars", { label: label(name), max }));

const chosen = (name: RefusalKey) => ({ errorMap: () => ({ message: fieldMessage("field.choose", { label: label(name) }) }) });

/** 委托书 scans: PDF, JPEG or PNG up to 5 MB, the type told by the file's first bytes, never its name. */
export const MAX_SCAN_BYTES = 5 * 1024 * 1024;
export type ScanMime = "application/pdf" | "image/jpeg" | "image/png";

export function scanMimeOf(bytes: Uint8Array): ScanMime | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

export const delegationRegisterSchema = z
  .object({
    intent: z.literal("register"),
    kind: z.enum(["represent", "participate"], chosen("label.delegationKind")),
    fromOrgId: shortText("label.delegator", 64),
    toOrgId: shortText("label.delegate", 64),
    letterNo: shortText("label.letterNo", 100),
    validFrom: date("label.validFrom"),
    validTo: date("label.validTo"),
  })
  .superRefine((v, ctx) => {
    if (v.fromOrgId === v.toOrgId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["toOrgId"], message: fieldMessage("field.sameOrganisation") });
    if (isCalendarDate(v.validFrom) && isCalendarDate(v.validTo) && toDayNumber(v.validFrom) > toDayNumber(v.validTo)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["validTo"], message: fieldMessage("field.periodInverted") });
    }
  });

export const delegationRevokeSchema = z.object({
  intent: z.literal("revoke"),
  delegationId: z.string().min(1).max(64),
  reason: z
    .string({ required_error: fill("label.revocationReason") })
    .trim()
    .min(2, fieldMessage("field.revocationReason"))
    .max(500, fieldMessage("field.maxChars", { label: label("label.revocationReason"), max: 500 })),
});

export const DELEGATION_INTENTS = { register: delegationRegisterSchema, revoke: delegationRevokeSchema } as const;
export type DelegationIntent = keyof typeof DELEGATION_INTENTS;
export function isDelegationIntent(v: unknown): v is DelegationIntent {
  return v === "register" || v === "revoke";
}

/** A count typed into a form: digits only, turned into a number for ratificationInputSchema. */
const countField = (name: RefusalKey, optional = false) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v) : v),
    optional
      ? z.number({ invalid_type_error: fieldMessage("field.nonNegativeInteger", { label: label(name) }) }).int().min(0).optional()
      : z.number({ required_error: fill(name), invalid_type_error: fieldMessage("field.nonNegativeInteger", { label: label(name) }) }).int(),
  );

/** 职代会 / 职工大会 result. `versionId` is a saved version, or "live": save the live draft now as 提交职代会审议稿. */
export const ratificationFormSchema = z
  .object({
    intent: z.literal("ratify"),
    body: z.enum(["congress", "assembly"], chosen("label.votingBody")),
    total: countField("label.total"),
    attended: countField("label.attended"),
    approved: countField("label.approved"),
    against: countField("label.against", true),
    abstained: countField("label.abstained", true),
    heldOn: date("label.heldOn"),
    resolutionNo: shortText("label.resolutionNo", 100),
    versionId: z.string().min(1, fieldMessage("field.choose", { label: label("label.votedVersion") })).max(64),
  })
  .superRefine((v, ctx) => {
    const counts = ratificationInputSchema.safeParse({ total: v.total, attended: v.attended, approved: v.approved, against: v.against, abstained: v.abstained });
    if (!counts.success) for (const issue of counts.error.issues) ctx.addIssue({ ...issue, path: issue.path });
  });

export const signFormSchema = z.object({
  intent: z.literal("sign"),
  password: z.string({ required_error: fieldMessage("field.passwordAgain") }).min(1, fieldMessage("field.passwordAgain")).max(200),
});

export const filingFormSchema = z.object({
  intent: z.literal("file"),
  filedOn: date("label.filedOn"),
  /** The labour administration that received it (L-ledger scope); blank when the form offers none. */
  filedWithOrgId: z.string().trim().max(100, fieldMessage("field.labourAdministration")).optional().transform((v) => (v ? v : null)),
});

export const reviewFormSchema = z
  .object({
    intent: z.literal("review"),
    outcome: z.enum(["no_objection", "objection"], chosen("label.reviewOutcome")),
    reviewedOn: date("label.reviewedOn"),
    termYears: z.string().optional(),
    note: z.string().trim().max(1000, fieldMessage("field.maxChars", { label: label("label.note"), max: 1000 })).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "no_objection" && !["1", "2", "3"].includes(v.termYears ?? "")) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["termYears"], message: fieldMessage("field.termYears") });
    }
    if (v.outcome === "objection" && !v.note) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["note"], message: fill("label.reviewOpinion") });
  });

export const publicationFormSchema = z.object({
  intent: z.literal("publish"),
  publishedOn: date("label.publishedOn"),
});

export const SIGNING_INTENTS = { ratify: ratificationFormSchema, sign: signFormSchema, file: filingFormSchema, review: reviewFormSchema, publish: publicationFormSchema } as const;
export type SigningIntent = keyof typeof SIGNING_INTENTS;
export function isSigningIntent(v: unknown): v is SigningIntent {
  return typeof v === "string" && Object.hasOwn(SIGNING_INTENTS, v);
}
