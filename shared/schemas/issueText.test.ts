import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorText } from "../i18n/refusals";
import { createAccountSchema } from "./admin";
import { fieldErrorsOf } from "./intents";
import { issueMessage, issueText } from "./issueText";
import { ledgerQuerySchema } from "./ledger";
import { saveVersionSchema, versionRefSchema } from "./version";

const errorsOf = (schema: z.ZodTypeAny, input: unknown, lang: "zh" | "en") => {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : fieldErrorsOf(parsed.error.issues, lang);
};

describe("schema messages are catalogue entries (F-3)", () => {
  it("F-3: the same bad form says it in Chinese or in English, with its parameters", () => {
    const form = { intent: "createAccount", username: "", displayName: "", password: "short" };
    expect(errorsOf(createAccountSchema, form, "zh")).toEqual({ username: "请输入用户名", displayName: "请输入姓名", password: "密码至少 10 个字符" });
    expect(errorsOf(createAccountSchema, form, "en")).toEqual({ username: "Enter the username", displayName: "Enter the person's name", password: "At least 10 characters for the password" });
    expect(errorsOf(saveVersionSchema, { intent: "save", label: "x".repeat(61) }, "zh")).toEqual({ label: "版本名称最多 60 个字" });
    expect(errorsOf(saveVersionSchema, { intent: "save", label: "x".repeat(61) }, "en")).toEqual({ label: "At most 60 characters for the version's name" });
  });

  it("F-3: a JSON route's field error is Chinese with the English in brackets, as before, and English alone in English", () => {
    const bad = versionRefSchema.safeParse("../x");
    expect(bad.success).toBe(false);
    const text = issueText(bad.error!.issues[0]!);
    expect(fieldErrorText("zh", text)).toBe("版本编号格式不正确 (malformed version id)");
    expect(fieldErrorText("en", text)).toBe("malformed version id");
    const mode = ledgerQuerySchema.safeParse({ mode: "both" });
    expect(fieldErrorText("zh", issueText(mode.error!.issues[0]!))).toBe("协商方式无效:应为 standard、represent、participate 之一 (invalid mode: one of standard, represent, participate)");
  });

  it("zod's own checks (no message given) are worded by the catalogue; a message in words stands as written", () => {
    const id = z.object({ id: z.string().min(1).max(3) });
    expect(errorsOf(id, {}, "zh")).toEqual({ id: "缺少此字段" });
    expect(errorsOf(id, {}, "en")).toEqual({ id: "This field is missing" });
    expect(errorsOf(id, { id: "abcd" }, "en")).toEqual({ id: "Too long: at most 3 characters" });
    expect(issueMessage("en", { path: ["x"], message: "整张表" })).toBe("整张表");
    // A message that only looks like an entry is words, not a key.
    expect(issueMessage("en", { path: ["x"], message: '{"key":"no.such"}' })).toBe('{"key":"no.such"}');
  });
});
