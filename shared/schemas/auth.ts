import { z } from "zod";
import { fieldMessage, label } from "./issueText";

const usernameRequired = fieldMessage("field.enter", { label: label("label.username") });
const passwordRequired = fieldMessage("field.enter", { label: label("label.password") });

export const loginSchema = z.object({
  username: z.string({ required_error: usernameRequired }).trim().min(1, usernameRequired).max(100, fieldMessage("field.maxChars", { label: label("label.username"), max: 100 })),
  password: z.string({ required_error: passwordRequired }).min(1, passwordRequired).max(200, fieldMessage("field.maxChars", { label: label("label.password"), max: 200 })),
  redirectTo: z.string().max(2000).optional(),
});
