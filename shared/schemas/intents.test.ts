import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsOf, intentOf } from "./intents";

describe("intent forms", () => {
  const intents = { save: z.object({ intent: z.literal("save"), label: z.string().min(1, "请输入名称") }) };

  it("names only an intent the page's table knows, never an inherited property", () => {
    expect(intentOf(intents, "save")).toBe("save");
    expect(intentOf(intents, "toString")).toBeNull();
    expect(intentOf(intents, ["save"])).toBeNull();
  });

  it("keys the first message of each field by its path, the form's own under _form", () => {
    const parsed = intents.save.safeParse({ intent: "save", label: "" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrorsOf(parsed.error.issues, "zh")).toEqual({ label: "请输入名称" });
    expect(fieldErrorsOf([{ path: [], message: "整张表" }, { path: ["a", 0], message: "一" }, { path: ["a", 0], message: "二" }], "zh")).toEqual({ _form: "整张表", "a.0": "一" });
  });
});
