import { describe, expect, it } from "vitest";
import { issueMessage } from "./issueText";
import { tableRoundSchema } from "./rounds";

describe("tabling form (docs/SPEC.md R-7)", () => {
  it("R-7: reads keep mine / keep theirs / an edited text per conflicting clause", () => {
    const parsed = tableRoundSchema.parse({ intent: "table", "resolution.c1": "mine", "resolution.c2": "theirs", "resolution.@title": "edit", "title.@title": "新标题", "body.@title": "" });
    expect(parsed.resolutions).toEqual({ c1: { choice: "mine" }, c2: { choice: "theirs" }, "@title": { choice: "edit", title: "新标题", body: "" } });
  });

  it("R-7: refuses a malformed key, an unknown choice and an empty edit with field errors in Chinese first", () => {
    const result = tableRoundSchema.safeParse({ intent: "table", "resolution.../x": "mine", "resolution.c1": "both", "resolution.c2": "edit" });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(["resolution.../x", "resolution.c1", "body.c2"]);
    expect(issueMessage("zh", result.error!.issues[1]!)).toMatch(/^请选择/);
  });
});
