import { z } from "zod";
import { fieldMessage, label } from "./issueText";
import { ORG_KINDS, ORG_LEVELS } from "../orgTree";

/** Forms of the administration pages, each told apart by its `intent` button. */

const orgNameRequired = fieldMessage("field.enter", { label: label("label.organisationName") });
const orgName = z.string({ required_error: orgNameRequired }).trim().min(1, orgNameRequired).max(200, fieldMessage("field.maxChars", { label: label("label.name"), max: 200 }));
const orgLevel = z.enum(ORG_LEVELS, { errorMap: () => ({ message: fieldMessage("field.choose", { label: label("label.level") }) }) });
const parentId = z
  .string()
  .max(64)
  .optional()
  .transform((v) => (v ? v : null));

export const createOrganisationSchema = z.object({
  intent: z.literal("createOrganisation"),
  name: orgName,
  kind: z.enum(ORG_KINDS, { errorMap: () => ({ message: fieldMessage("field.choose", { label: label("label.organisationKind") }) }) }),
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
  .string({ required_error: fieldMessage("field.enter", { label: label("label.password") }) })
  .min(MIN_PASSWORD_CHARS, fieldMessage("field.minChars", { label: label("label.password"), min: MIN_PASSWORD_CHARS }))
  .max(200, fieldMessage("field.maxChars", { label: label("label.password"), max: 200 }));

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,49}$/;
const usernameRequired = fieldMessage("field.enter", { label: label("label.username") });
const displayNameRequired = fieldMessage("field.enter", { label: label("label.displayName") });

export const createAccountSchema = z.object({
  intent: z.literal("createAccount"),
  username: z
    .string({ required_error: usernameRequired })
    .trim()
    .toLowerCase()
    .min(1, usernameRequired)
    .regex(USERNAME_PATTERN, fieldMessage("field.username")),
  displayName: z.string({ required_error: displayNameRequired }).trim().min(1, displayNameRequired).max(100, fieldMessage("field.maxChars", { label: label("label.displayName"), max: 100 })),
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
