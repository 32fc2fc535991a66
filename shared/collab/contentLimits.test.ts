import { describe, expect, it } from "vitest";
import { MAX_BODY_CHARS, MAX_CLAUSES, MAX_TITLE_CHARS } from "../agreement";
import { MAX_DRAFT_BYTES } from "../schemas/negotiation";
import { contentLimitRefusal, refusalMessage } from "./contentLimits";
import { REFUSAL_REASONS } from "./protocol";

const clause = (id: string, body: string, title = "标题") => ({ id, topic: "pay_method" as const, title, body });

describe("C-15 / V-3 the import's limits on an agreement's content", () => {
  it("accepts content exactly at each limit", () => {
    expect(contentLimitRefusal({ title: "题".repeat(MAX_TITLE_CHARS), clauses: [clause("a", "字".repeat(MAX_BODY_CHARS), "题".repeat(MAX_TITLE_CHARS))] })).toBeNull();
  });

  it("names the limit one character over it", () => {
    expect(contentLimitRefusal({ title: "t", clauses: [clause("a", "字".repeat(MAX_BODY_CHARS + 1))] })).toBe(REFUSAL_REASONS.bodyTooLong);
    expect(contentLimitRefusal({ title: "t", clauses: [clause("a", "", "x".repeat(MAX_TITLE_CHARS + 1))] })).toBe(REFUSAL_REASONS.titleTooLong);
    expect(contentLimitRefusal({ title: "x".repeat(MAX_TITLE_CHARS + 1), clauses: [] })).toBe(REFUSAL_REASONS.titleTooLong);
    expect(contentLimitRefusal({ title: "t", clauses: Array.from({ length: MAX_CLAUSES + 1 }, (_, i) => clause(`c${i}`, "")) })).toBe(REFUSAL_REASONS.tooManyClauses);
  });

  it("counts the document in UTF-8 bytes, as the import file is counted", () => {
    // 15 bodies of 50,000 Chinese characters: each within its limit, together 2.25 MB of UTF-8.
    const clauses = Array.from({ length: 15 }, (_, i) => clause(`c${i}`, "字".repeat(MAX_BODY_CHARS)));
    expect(15 * MAX_BODY_CHARS * 3).toBeGreaterThan(MAX_DRAFT_BYTES);
    expect(contentLimitRefusal({ title: "t", clauses })).toBe(REFUSAL_REASONS.documentTooLarge);
    expect(contentLimitRefusal({ title: "t", clauses: clauses.slice(0, 13) })).toBeNull();
  });

  it("the clause limit's message is the one the editor shows", () => {
    expect(refusalMessage(REFUSAL_REASONS.bodyTooLong)).toMatch(/^本条内容超过 50000 字的上限 \(/);
  });
});
