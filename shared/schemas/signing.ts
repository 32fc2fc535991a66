import { z } from "zod";
import { isCalendarDate, toDayNumber } from "../rules/deadlines";
import { ratificationInputSchema } from "../rules/ratification";

/**
 * The forms of delegations, ratification, signing and the post-signing records: one schema each,
 * used by the page for instant feedback and by the action for the real check (docs/style.md 4).
 */

const date = (label: string) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .refine(isCalendarDate, `${label}应为有效日期(YYYY-MM-DD)`);

const shortText = (label: string, max: number) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字符`);

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
    kind: z.enum(["represent", "participate"], { errorMap: () => ({ message: "请选择委托类型" }) }),
    fromOrgId: shortText("委托方", 64),
    toOrgId: shortText("受托方", 64),
    letterNo: shortText("委托书编号", 100),
    validFrom: date("有效期起始日期"),
    validTo: date("有效期终止日期"),
  })
  .superRefine((v, ctx) => {
    if (v.fromOrgId === v.toOrgId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["toOrgId"], message: "受托方不能与委托方相同" });
    if (isCalendarDate(v.validFrom) && isCalendarDate(v.validTo) && toDayNumber(v.validFrom) > toDayNumber(v.validTo)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["validTo"], message: "终止日期不能早于起始日期" });
    }
  });

export const delegationRevokeSchema = z.object({
  intent: z.literal("revoke"),
  delegationId: z.string().min(1).max(64),
  reason: z.string({ required_error: "请填写撤销理由" }).trim().min(2, "请填写撤销理由(至少 2 个字)").max(500, "撤销理由不超过 500 个字符"),
});

export const DELEGATION_INTENTS = { register: delegationRegisterSchema, revoke: delegationRevokeSchema } as const;
export type DelegationIntent = keyof typeof DELEGATION_INTENTS;
export function isDelegationIntent(v: unknown): v is DelegationIntent {
  return v === "register" || v === "revoke";
}

/** A count typed into a form: digits only, turned into a number for ratificationInputSchema. */
const countField = (label: string, optional = false) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v) : v),
    optional
      ? z.number({ invalid_type_error: `${label}必须是非负整数` }).int().min(0).optional()
      : z.number({ required_error: `请填写${label}`, invalid_type_error: `${label}必须是非负整数` }).int(),
  );

/** 职代会 / 职工大会 result. `versionId` is a saved version, or "live": save the live draft now as 提交职代会审议稿. */
export const ratificationFormSchema = z
  .object({
    intent: z.literal("ratify"),
    body: z.enum(["congress", "assembly"], { errorMap: () => ({ message: "请选择表决机构" }) }),
    total: countField("应到人数"),
    attended: countField("实到人数"),
    approved: countField("同意人数"),
    against: countField("反对人数", true),
    abstained: countField("弃权人数", true),
    heldOn: date("表决日期"),
    resolutionNo: shortText("决议编号", 100),
    versionId: z.string().min(1, "请选择表决的版本").max(64),
  })
  .superRefine((v, ctx) => {
    const counts = ratificationInputSchema.safeParse({ total: v.total, attended: v.attended, approved: v.approved, against: v.against, abstained: v.abstained });
    if (!counts.success) for (const issue of counts.error.issues) ctx.addIssue({ ...issue, path: issue.path });
  });

export const signFormSchema = z.object({
  intent: z.literal("sign"),
  password: z.string({ required_error: "请再次输入您的密码" }).min(1, "请再次输入您的密码").max(200),
});

export const filingFormSchema = z.object({
  intent: z.literal("file"),
  filedOn: date("报送日期"),
  /** The labour administration that received it (L-ledger scope); blank when the form offers none. */
  filedWithOrgId: z.string().trim().max(100, "接收报送的劳动行政部门无效 (invalid labour administration)").optional().transform((v) => (v ? v : null)),
});

export const reviewFormSchema = z
  .object({
    intent: z.literal("review"),
    outcome: z.enum(["no_objection", "objection"], { errorMap: () => ({ message: "请选择审查结果" }) }),
    reviewedOn: date("审查结果日期"),
    termYears: z.string().optional(),
    note: z.string().trim().max(1000, "说明不超过 1000 个字符").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "no_objection" && !["1", "2", "3"].includes(v.termYears ?? "")) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["termYears"], message: "协议期限应为 1 至 3 年" });
    }
    if (v.outcome === "objection" && !v.note) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["note"], message: "请填写审查意见" });
  });

export const publicationFormSchema = z.object({
  intent: z.literal("publish"),
  publishedOn: date("公布日期"),
});

export const SIGNING_INTENTS = { ratify: ratificationFormSchema, sign: signFormSchema, file: filingFormSchema, review: reviewFormSchema, publish: publicationFormSchema } as const;
export type SigningIntent = keyof typeof SIGNING_INTENTS;
export function isSigningIntent(v: unknown): v is SigningIntent {
  return typeof v === "string" && Object.hasOwn(SIGNING_INTENTS, v);
}
