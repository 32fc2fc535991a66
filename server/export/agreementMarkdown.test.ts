import { describe, expect, it } from "vitest";
import { fixtureAgreementExport, fixtureContent, HOSTILE_BODY, HOSTILE_TITLE, hostileAgreementExport } from "./agreementFixture";
import { buildAgreementMarkdown, escapeMarkdown } from "./agreementMarkdown";

/** Undoes escapeMarkdown: a backslash before ASCII punctuation stands for the punctuation (CommonMark §2.4). */
const unescape = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");

describe("buildAgreementMarkdown", () => {
  const model = fixtureAgreementExport({ status: "signed" });
  const markdown = buildAgreementMarkdown(model);
  const lines = markdown.split("\n");

  it("has the title, the chapters as headings and every clause as **第N条** **title** body", () => {
    expect(lines[0]).toBe("# 青城市网络餐饮配送行业集体合同");
    expect(lines.filter((l) => l.startsWith("## 第"))).toEqual([
      "## 第一章　总则",
      "## 第二章　订单分配",
      "## 第三章　劳动定额",
      "## 第四章　报酬支付办法",
      "## 第五章　休息休假",
      "## 第六章　劳动安全与职业伤害保障",
      "## 第七章　算法规则与民主参与",
      "## 第八章　职业培训",
      "## 第九章　争议处理",
      "## 第十章　附则",
    ]);
    const articles = lines.filter((l) => l.startsWith("**第"));
    const clauses = fixtureContent().clauses;
    expect(articles).toHaveLength(clauses.length);
    expect(articles[4]).toBe(`**第五条**　**${clauses[4]!.title}**　${clauses[4]!.body}`);
    articles.forEach((line, i) => expect(unescape(line).endsWith(`**${clauses[i]!.title}**　${clauses[i]!.body}`)).toBe(true));
  });

  it("records signatures, hashes, the vote and the representatives", () => {
    expect(markdown).toContain("### 甲方（工会方）：青城市网络餐饮配送行业工会联合会");
    expect(markdown).toContain("- **签署人**：王建国");
    expect(markdown).toContain(`- **所签内容哈希**：\`${model.version!.contentHash}\``);
    expect(markdown).toContain(`- **审计链头**：\`${model.auditChainHead}\``);
    expect(markdown).toContain("- **票数核对**：同意 81 + 反对 9 + 弃权 6 = 96 = 实到 96");
    expect(markdown).toContain("周敏（法律顾问）");
    expect(markdown.endsWith("\n")).toBe(true);
    expect(markdown).not.toMatch(/\n{3,}/);
  });

  it("marks a draft and leaves signature lines to fill in", () => {
    const draft = buildAgreementMarkdown(fixtureAgreementExport({ status: "draft" }));
    expect(draft).toContain("> **草案 · 协商中文本，未经签署，不具效力**");
    expect(draft).toContain("- **首席代表（签字）**：＿＿＿＿＿＿");
  });

  it("escapes hostile text so no renderer sees HTML or markup, and keeps every character", () => {
    const hostile = buildAgreementMarkdown(hostileAgreementExport());
    expect(hostile).not.toContain("<script>");
    expect(hostile).not.toMatch(/(^|[^\\])<\/?[a-z]/m);
    expect(hostile).not.toMatch(/(^|[^\\])&amp;/);
    const [firstLine, secondLine] = HOSTILE_BODY.split("\n");
    const source = hostile.split("\n");
    const article = source.findIndex((l) => l.startsWith("**第六条**"));
    // The clause's second line follows a hard line break (a backslash at the end of the line).
    expect(unescape(source[article]!)).toBe(`**第六条**　**${HOSTILE_TITLE.replace("\u202E", "\u202E\u202C")}**　${firstLine!.replace("\u202E", "\u202E\u202C")}\\`);
    expect(unescape(source[article + 1]!)).toBe(secondLine);
    expect(hostile).toContain("\u202E");
    expect(hostile).toContain("\u200B");
    expect(hostile).toContain("𠀀");
  });
});

describe("escapeMarkdown", () => {
  it.each([
    ["<script>", "\\<script\\>"],
    ["a & b", "a \\& b"],
    ["*强调* _下划_ `代码` [链接](x)", "\\*强调\\* \\_下划\\_ \\`代码\\` \\[链接\\](x)"],
    ["# 标题", "\\# 标题"],
    ["- 列表", "\\- 列表"],
    ["1. 编号", "1\\. 编号"],
    ["5.5元 → 5元", "5.5元 → 5元"],
    ["QC-2026-001", "QC-2026-001"],
  ])("%j → %j", (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
    expect(unescape(escapeMarkdown(input))).toBe(input);
  });
});
