import { describe, expect, it } from "vitest";
import { refusalText } from "../i18n/refusals";
import { issueMessage } from "./issueText";
import { negotiationStartSchema, parseDraftJson, MAX_DRAFT_BYTES, type DraftParse, type OrganisationChoice } from "./negotiation";

/** What the page shows for a draft that cannot be imported. */
const said = (result: DraftParse) => (result.ok ? "" : refusalText("zh", result.text));

const orgs: OrganisationChoice[] = [
  { id: "region", name: "自治区总工会", kind: "union", parentId: null },
  { id: "city", name: "市总工会", kind: "union", parentId: "region" },
  { id: "sector", name: "行业工会联合会", kind: "union", parentId: "city" },
  { id: "builders", name: "建筑行业工会", kind: "union", parentId: "city" },
  { id: "platform", name: "平台公司", kind: "enterprise", parentId: null },
];

const valid = {
  title: "2027 年集体合同",
  scope: "sector",
  region: "青城市",
  industry: "网络餐饮配送",
  unionOrgId: "sector",
  enterpriseOrgId: "platform",
  mode: "represent",
  higherUnionOrgId: "city",
  proposedBySide: "union",
  proposedOn: "2027-01-05",
  creatorSide: "union",
  creatorRole: "chief",
  draftSource: "blank",
};

function errors(input: Record<string, unknown>) {
  const parsed = negotiationStartSchema(orgs).safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), issueMessage("zh", i)]));
}

describe("negotiationStartSchema", () => {
  it("accepts a complete 上代下 proposal", () => {
    expect(errors(valid)).toEqual({});
  });
  it("requires the higher-level union under 上代下 and 上参下, in Chinese", () => {
    expect(errors({ ...valid, higherUnionOrgId: "" }).higherUnionOrgId).toMatch(/上级工会/);
    expect(errors({ ...valid, mode: "participate", higherUnionOrgId: "" }).higherUnionOrgId).toMatch(/上级工会/);
  });
  it("requires the higher-level union to be an ancestor of the union side", () => {
    expect(errors({ ...valid, higherUnionOrgId: "builders" }).higherUnionOrgId).toMatch(/上级/);
    expect(errors({ ...valid, higherUnionOrgId: "region" })).toEqual({});
  });
  it("drops the higher-level union in the standard mode", () => {
    expect(errors({ ...valid, mode: "standard", higherUnionOrgId: "" })).toEqual({});
    const parsed = negotiationStartSchema(orgs).parse({ ...valid, mode: "standard" });
    expect(parsed.higherUnionOrgId).toBeNull();
  });
  it("wants a union and an enterprise as the parties", () => {
    const e = errors({ ...valid, unionOrgId: "platform", enterpriseOrgId: "city" });
    expect(e.unionOrgId).toMatch(/工会/);
    expect(e.enterpriseOrgId).toMatch(/企业/);
  });
  it("refuses an empty title, an impossible date and a role that does not fit the side", () => {
    const e = errors({ ...valid, title: "  ", proposedOn: "2027-02-30", creatorSide: "enterprise", creatorRole: "higher_union" });
    expect(e.title).toBe("请输入协商标题");
    expect(e.proposedOn).toMatch(/日期/);
    expect(e.creatorRole).toMatch(/不符/);
  });
});

describe("parseDraftJson", () => {
  it("reads the fixtures' shape and ignores extra keys", () => {
    const result = parseDraftJson(JSON.stringify({ title: "协议", label: "x", clauses: [{ id: "c1", topic: "general", title: "总则", body: "……" }] }));
    expect(result).toEqual({ ok: true, content: { title: "协议", clauses: [{ id: "c1", topic: "general", title: "总则", body: "……" }] } });
  });
  it("names the wrong field", () => {
    const result = parseDraftJson(JSON.stringify({ title: "协议", clauses: [{ id: "c1", topic: "general", title: "a", body: "" }, { id: "c2", topic: "wages", title: "b", body: "" }] }));
    expect(result.ok).toBe(false);
    expect(said(result)).toMatch(/clauses\[1\]\.topic/);
  });
  it("says when the file is not JSON or is too large", () => {
    const broken = parseDraftJson("{ title: ");
    expect(said(broken)).toMatch(/不是有效的 JSON/);
    const large = parseDraftJson("{}", MAX_DRAFT_BYTES + 1);
    expect(said(large)).toMatch(/2 MB/);
  });
  it("reports a missing field", () => {
    const result = parseDraftJson(JSON.stringify({ clauses: [] }));
    expect(said(result)).toMatch(/title:缺少此字段/);
  });
});
