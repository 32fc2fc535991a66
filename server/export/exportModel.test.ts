import { describe, expect, it } from "vitest";
import { fixtureAgreementExport } from "./agreementFixture";
import { chineseDate, chineseDateTime, isoDateBeijing } from "./exportModel";
import { contentDisposition, exportFileName, fileNamePart, filingPackageFileName } from "./fileNames";

describe("exportFileName", () => {
  it("names a signed agreement after its title, 已签署 and the Beijing date of the last signature", () => {
    const model = fixtureAgreementExport({ status: "signed" });
    expect(exportFileName(model, "docx")).toEqual({
      fileName: "青城市网络餐饮配送行业集体合同-已签署-2026-11-24.docx",
      asciiFallback: "tongshang-agreement-signed-2026-11-24.docx",
    });
  });

  it("names a draft 草案 with the export date, without the title's own (草案) mark", () => {
    const model = { ...fixtureAgreementExport({ status: "draft" }), exportedAt: "2026-12-01T17:30:00Z" };
    // 17:30 UTC is already 2 December in Beijing.
    expect(exportFileName(model, "pdf")).toEqual({
      fileName: "青城市网络餐饮配送行业集体合同-草案-2026-12-02.pdf",
      asciiFallback: "tongshang-agreement-draft-2026-12-02.pdf",
    });
  });

  it("strips path separators, reserved characters and bidi/zero-width controls from the title", () => {
    const model = fixtureAgreementExport();
    model.content = { ...model.content, title: '../合同\u202Egpj.exe\u200B<a>:"|?*\\' };
    const { fileName } = exportFileName(model, "docx");
    expect(fileName).toBe("合同gpj.exea-已签署-2026-11-24.docx");
  });
});

describe("contentDisposition", () => {
  it("gives an RFC 6266 attachment with a quoted ASCII fallback and an RFC 5987 UTF-8 name", () => {
    expect(contentDisposition("集体合同-已签署.docx", "agreement-signed.docx")).toBe(
      "attachment; filename=\"agreement-signed.docx\"; filename*=UTF-8''%E9%9B%86%E4%BD%93%E5%90%88%E5%90%8C-%E5%B7%B2%E7%AD%BE%E7%BD%B2.docx",
    );
  });

  it("percent-encodes what RFC 5987 attr-char excludes, and cannot be split or unquoted", () => {
    const header = contentDisposition("a b'(c)*;\r\nSet-Cookie: x=1.pdf", 'evil"\\\r\nX: 1.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(
      "attachment; filename=\"evil____X: 1.pdf\"; filename*=UTF-8''a%20b%27%28c%29%2A%3BSet-Cookie%3A%20x%3D1.pdf",
    );
  });
});

describe("Beijing dates", () => {
  it("formats ISO timestamps in China Standard Time", () => {
    expect(isoDateBeijing("2026-11-23T16:00:00Z")).toBe("2026-11-24");
    expect(chineseDate("2026-11-23T15:59:59Z")).toBe("2026年11月23日");
    expect(chineseDateTime("2026-11-24T07:30:00.000Z")).toBe("2026年11月24日 15:30（北京时间）");
    expect(chineseDate("2026-11-20")).toBe("2026年11月20日");
  });
});

describe("filingPackageFileName and fileNamePart", () => {
  it("names the filing package 报送审查材料 with the last signature's Beijing date", () => {
    expect(filingPackageFileName(fixtureAgreementExport({ status: "signed" }))).toEqual({
      fileName: "青城市网络餐饮配送行业集体合同-报送审查材料-2026-11-24.zip",
      asciiFallback: "tongshang-filing-2026-11-24.zip",
    });
  });

  it("cleans a letter number or label for use in a name, and may leave nothing", () => {
    expect(fileNamePart(" QC/2026:001\u202E. ", 40)).toBe("QC2026001");
    expect(fileNamePart("...", 10)).toBe("");
    expect(fileNamePart("委托书编号很长很长", 4)).toBe("委托书编");
  });
});
