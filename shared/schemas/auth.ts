import { z } from "zod";

export const loginSchema = z.object({
  username: z.string({ required_error: "请输入用户名" }).trim().min(1, "请输入用户名").max(100, "用户名不超过 100 个字符"),
  password: z.string({ required_error: "请输入密码" }).min(1, "请输入密码").max(200, "密码不超过 200 个字符"),
  redirectTo: z.string().max(2000).optional(),
});
