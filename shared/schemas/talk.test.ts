import { describe, expect, it } from "vitest";
import { issueMessage } from "./issueText";
import { commentSchema, meetingSchema } from "./talk";

const meeting = { intent: "save", heldOn: "2026-03-02", place: "市总工会三楼会议室", minuteTaker: "赵记录", attendees: [], agenda: [], outcomes: [], minutes: "" };

describe("talk forms", () => {
  it("a comment needs a body; an empty clause means the whole negotiation", () => {
    expect(commentSchema.safeParse({ intent: "comment", body: "  " }).success).toBe(false);
    expect(commentSchema.parse({ intent: "comment", body: "请看", clauseId: "" }).clauseId).toBeUndefined();
    expect(commentSchema.safeParse({ intent: "comment", body: "x", clauseId: "../etc" }).success).toBe(false);
  });

  it("a meeting needs a real date, a place and a minute-taker; errors are in Chinese", () => {
    expect(meetingSchema.safeParse(meeting).success).toBe(true);
    const bad = meetingSchema.safeParse({ ...meeting, heldOn: "2026-02-30", place: "", minuteTaker: "" });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["heldOn", "place", "minuteTaker"]));
    expect(issueMessage("zh", bad.error!.issues[0]!)).toMatch(/[\u4e00-\u9fff]/);
  });

  it("a suspension needs its reason and a later resumption date", () => {
    expect(meetingSchema.safeParse({ ...meeting, suspendedReason: "等待测算数据" }).success).toBe(false);
    expect(meetingSchema.safeParse({ ...meeting, suspendedReason: "等待测算数据", resumeOn: "2026-03-01" }).success).toBe(false);
    expect(meetingSchema.safeParse({ ...meeting, suspendedReason: "等待测算数据", resumeOn: "2026-03-16" }).success).toBe(true);
  });
});
