import { describe, expect, it } from "vitest";
import { issueMessage } from "./issueText";
import { delegationRegisterSchema, ratificationFormSchema, reviewFormSchema, scanMimeOf } from "./signing";

describe("S-1 委托书 scans: the type is told by the bytes", () => {
  it("recognises PDF, PNG and JPEG signatures and nothing else", () => {
    expect(scanMimeOf(Buffer.from("%PDF-1.7\n..."))).toBe("application/pdf");
    expect(scanMimeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(scanMimeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe("image/jpeg");
    expect(scanMimeOf(Buffer.from("GIF89a"))).toBeNull();
    expect(scanMimeOf(Buffer.from("<html>%PDF-"))).toBeNull();
    expect(scanMimeOf(Buffer.from([0x89, 0x50]))).toBeNull();
    expect(scanMimeOf(new Uint8Array())).toBeNull();
  });
});

describe("S-1 the delegation form", () => {
  const valid = { intent: "register", kind: "represent", fromOrgId: "org-sector", toOrgId: "org-city", letterNo: "QC-2026-001", validFrom: "2026-11-01", validTo: "2027-12-31" };
  it("accepts a complete form and refuses an inverted period or the same organisation, in Chinese", () => {
    expect(delegationRegisterSchema.safeParse(valid).success).toBe(true);
    const inverted = delegationRegisterSchema.safeParse({ ...valid, validTo: "2026-10-01" });
    expect(inverted.success).toBe(false);
    if (!inverted.success) {
      expect(inverted.error.issues[0]!.path).toEqual(["validTo"]);
      expect(issueMessage("zh", inverted.error.issues[0]!)).toBe("终止日期不能早于起始日期");
    }
    const same = delegationRegisterSchema.safeParse({ ...valid, toOrgId: "org-sector" });
    expect(same.success).toBe(false);
    const noLetter = delegationRegisterSchema.safeParse({ ...valid, letterNo: " " });
    expect(noLetter.success).toBe(false);
    if (!noLetter.success) expect(issueMessage("zh", noLetter.error.issues[0]!)).toBe("请填写委托书编号");
  });
});

describe("S-2 the ratification form", () => {
  const base = { intent: "ratify", body: "congress", total: "90", attended: "60", approved: "46", heldOn: "2026-11-24", resolutionNo: "R-1", versionId: "live" };
  it("turns typed counts into numbers; against and abstained are optional", () => {
    const parsed = ratificationFormSchema.safeParse(base);
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(parsed.data).toMatchObject({ total: 90, attended: 60, approved: 46 });
  });
  it("refuses impossible counts with the rule's Chinese messages", () => {
    const over = ratificationFormSchema.safeParse({ ...base, attended: "91" });
    expect(over.success).toBe(false);
    if (!over.success) expect(over.error.issues.map((i) => issueMessage("zh", i))).toContain("实到人数不能多于应到人数");
    const votes = ratificationFormSchema.safeParse({ ...base, approved: "50", against: "10", abstained: "1" });
    expect(votes.success).toBe(false);
    if (!votes.success) expect(votes.error.issues.map((i) => issueMessage("zh", i))).toContain("同意、反对、弃权人数之和不能多于实到人数");
    const text = ratificationFormSchema.safeParse({ ...base, total: "九十" });
    expect(text.success).toBe(false);
    if (!text.success) expect(issueMessage("zh", text.error.issues[0]!)).toBe("应到人数必须是非负整数");
  });
});

describe("S-7 the review form", () => {
  it("needs a 1–3 year term without objection, and the remarks with one", () => {
    expect(reviewFormSchema.safeParse({ intent: "review", outcome: "no_objection", reviewedOn: "2026-12-10", termYears: "3" }).success).toBe(true);
    expect(reviewFormSchema.safeParse({ intent: "review", outcome: "no_objection", reviewedOn: "2026-12-10", termYears: "5" }).success).toBe(false);
    expect(reviewFormSchema.safeParse({ intent: "review", outcome: "objection", reviewedOn: "2026-12-10" }).success).toBe(false);
    expect(reviewFormSchema.safeParse({ intent: "review", outcome: "objection", reviewedOn: "2026-12-10", note: "第十二条与最低工资规定不符" }).success).toBe(true);
  });
});
