import { z } from "zod";
import { ORG_KINDS, ORG_LEVELS } from "../orgTree";

/** Forms of the administration pages, each told apart by its `intent` button. */

const orgName = z.string({ required_error: "请输入组织名称" }).trim().min(1, "请输入组织名称").max(200, "名称不超过 200 个字符");
const orgLevel = z.enum(ORG_LEVELS, { errorMap: () => ({ message: "请选择层级" }) });
const parentId = z
  .string()
  .max(64)
  .optional()
  .transform((v) => (v ? v : null));

export const createOrganisationSchema = z.object({
  intent: z.literal("createOrganisation"),
  name: orgName,
  kind: z.enum(ORG_KINDS, { errorMap: () => ({ message: "请选择组织类型" }) }),
  level: orgLevel,
  parentId,
});

export const editOrganisationSchema = z.object({
  intent: z.literal("editOrganisation"),
  id: z.string().min(1).max(64),
  name: orgName,
  level: orgLevel,
  parentId,
});

export const deleteOrganisationSchema = z.object({
  intent: z.literal("deleteOrganisation"),
  id: z.string().min(1).max(64),
});

export const ORGANISATION_INTENTS = {
  createOrganisation: createOrganisationSchema,
  editOrganisation: editOrganisationSchema,
  deleteOrganisation: deleteOrganisationSchema,
} as const;

/** Minimum password length for accounts an administrator sets (NIST SP 800-63B asks at least 8). */
export const MIN_PASSWORD_CHARS = 10;

const password = z
  .string({ required_error: "请输入密码" })
  .min(MIN_PASSWORD_CHARS, `密码至少 ${MIN_PASSWORD_CHARS} 个字符`)
  .max(200, "密码不超过 200 个字符");

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,49}$/;

export const createAccountSchema = z.object({
  intent: z.literal("createAccount"),
  username: z
    .string({ required_error: "请输入用户名" })
    .trim()
    .toLowerCase()
    .min(1, "请输入用户名")
    .regex(USERNAME_PATTERN, "用户名为 2–50 个小写字母、数字或 . _ -,以字母或数字开头"),
  displayName: z.string({ required_error: "请输入姓名" }).trim().min(1, "请输入姓名").max(100, "姓名不超过 100 个字符"),
  password,
  organisationId: parentId,
  isAdmin: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
});

export const resetPasswordSchema = z.object({
  intent: z.literal("resetPassword"),
  userId: z.string().min(1).max(64),
  password,
});

export const setAccountDisabledSchema = z.object({
  intent: z.enum(["disableAccount", "enableAccount"]),
  userId: z.string().min(1).max(64),
});

export const ACCOUNT_INTENTS = {
  createAccount: createAccountSchema,
  resetPassword: resetPasswordSchema,
  disableAccount: setAccountDisabledSchema,
  enableAccount: setAccountDisabledSchema,
} as const;
