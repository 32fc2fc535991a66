import { describe, expect, it } from "vitest";
import { fixtureAgreementExport } from "./agreementFixture";
import { buildAgreementLayout, invisibleFormatCharacters, neutralizeBidiControls, ratificationFields } from "./agreementLayout";

describe("neutralizeBidiControls", () => {
  it("closes every bidi control where it opens and keeps every original character in order", () => {
    const text = "不低于\u202E05\u202C元；\u2067甲\u200F 12 34\u061C";
    const safe = neutralizeBidiControls(text);
    expect(safe).toBe("不低于\u202E\u202C05\u202C元；\u2067\u2069甲\u200F\u200E 12 34\u061C\u200E");
    // Removing what was inserted gives back the original.
    let i = 0;
    for (const ch of safe) if (ch === text[i]) i++;
    expect(i).toBe(text.length);
  });

  it("leaves text without bidi controls untouched", () => {
    expect(neutralizeBidiControls("每单基础单价不低于5元，零宽\u200B空格")).toBe("每单基础单价不低于5元，零宽\u200B空格");
  });
});

describe("invisibleFormatCharacters", () => {
  it("lists the Cf characters of a text once each", () => {
    expect(invisibleFormatCharacters("a\u200Bb\u202Ec\u200B\uFEFF")).toEqual(["U+200B", "U+202E", "U+FEFF"]);
    expect(invisibleFormatCharacters("第一条　订立依据")).toEqual([]);
  });
});

describe("ratificationFields", () => {
  const vote = { body: "职工代表大会", date: "2026-11-20", resolutionNo: "1号", verdictText: "未通过", against: 10, abstained: 5 };

  it("shows the thresholds of shared/rules: exactly 2/3 attending meets the quorum, exactly half approving fails", () => {
    const { fields } = ratificationFields({ ...vote, total: 120, attended: 80, approved: 60 });
    const value = (label: string) => fields.find((f) => f.label === label)!.value;
    expect(value("实到人数")).toBe("80 人，出席率 80/120 = 66.7%；须全体三分之二以上出席（120×2/3 = 80），即至少 80 人：达到");
    expect(value("同意")).toBe("60 票，占全体 60/120 = 50.0%；须经全体超过半数同意（120×1/2 = 60，按应到人数计），即至少 61 票：未达到");
    expect(value("票数核对")).toBe("同意 60 + 反对 10 + 弃权 5 = 75，实到 80，未投票 5");
    expect(value("表决结果")).toBe("未通过");
  });

  it("flags counts that cannot be right", () => {
    const { fields, notes } = ratificationFields({ ...vote, total: 10, attended: 8, approved: 7 });
    expect(fields.find((f) => f.label === "票数核对")!.value).toContain("多于实到 8：票数有误");
    expect(notes).toHaveLength(1);
  });
});

describe("buildAgreementLayout", () => {
  it("adds a block for a participating higher-level union (上参下) and warns about signatures of another text", () => {
    const model = fixtureAgreementExport({ status: "signed" });
    model.signatures.push({
      side: "participant",
      organisation: "青城市总工会",
      signatoryName: "张伟",
      capacity: "上级工会（上参下，见证）",
      signedAt: "2026-11-24T08:00:00Z",
      contentHash: "0".repeat(64),
    });
    const layout = buildAgreementLayout(model);
    expect(layout.signatureBlocks.map((b) => b.heading)).toEqual(["甲方（工会方）", "乙方（企业方）", "参与方（上级工会）"]);
    expect(layout.signatureBlocks[2]!.party).toBe("青城市总工会");
    const integrity = layout.appendix.sections.find((s) => s.heading === "二、文本核验")!;
    expect(integrity.notes).toEqual(["注意：青城市总工会 张伟 所签内容哈希与本文本不一致，所签并非本文本。"]);
  });

  it("numbers a topic that comes back after another as a new chapter", () => {
    const model = fixtureAgreementExport({ status: "draft" });
    model.content = {
      title: "测试",
      clauses: [
        { id: "a", topic: "general", title: "一", body: "甲" },
        { id: "b", topic: "pay_method", title: "二", body: "乙" },
        { id: "c", topic: "general", title: "三", body: "丙" },
      ],
    };
    const layout = buildAgreementLayout(model);
    expect(layout.chapters.map((c) => `${c.label}${c.title}:${c.articles.map((a) => a.label).join(",")}`)).toEqual([
      "第一章总则:第一条",
      "第二章报酬支付办法:第二条",
      "第三章总则:第三条",
    ]);
  });
});
