import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAgreementDocx, xmlSafeText } from "./agreementDocx";
import { fixtureAgreementExport, fixtureContent, HOSTILE_BODY, HOSTILE_TITLE, hostileAgreementExport } from "./agreementFixture";

// ---------------------------------------------------------------------------------------------
// A strict XML 1.0 well-formedness check (no DTDs: OOXML parts have none) and a reader for the
// WordprocessingML the exporter writes. Written out here so the tests need no XML library.

const XML_CHAR = /^[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/;
const REFERENCE = /^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);/;

function checkCharData(text: string, where: number): void {
  if (!XML_CHAR.test(text)) throw new Error(`character not allowed in XML near offset ${where}`);
  if (text.includes("]]>")) throw new Error(`"]]>" in character data near offset ${where}`);
  for (let i = text.indexOf("&"); i >= 0; i = text.indexOf("&", i + 1)) {
    if (!REFERENCE.test(text.slice(i))) throw new Error(`bare & near offset ${where + i}`);
  }
}

/** Throws unless `xml` is a well-formed XML document with a single root element. */
export function assertWellFormedXml(xml: string): void {
  let pos = 0;
  const stack: string[] = [];
  let roots = 0;
  if (xml.startsWith("<?xml")) pos = xml.indexOf("?>") + 2;
  while (pos < xml.length) {
    const lt = xml.indexOf("<", pos);
    const text = xml.slice(pos, lt < 0 ? xml.length : lt);
    if (text !== "") {
      if (stack.length === 0 && text.trim() !== "") throw new Error(`text outside the root element at ${pos}`);
      checkCharData(text, pos);
    }
    if (lt < 0) break;
    pos = lt;
    if (xml.startsWith("<!--", pos)) {
      const end = xml.indexOf("-->", pos);
      if (end < 0) throw new Error("unterminated comment");
      pos = end + 3;
    } else if (xml.startsWith("<![CDATA[", pos)) {
      const end = xml.indexOf("]]>", pos);
      if (end < 0 || stack.length === 0) throw new Error("bad CDATA section");
      pos = end + 3;
    } else if (xml.startsWith("<?", pos)) {
      const end = xml.indexOf("?>", pos);
      if (end < 0) throw new Error("unterminated processing instruction");
      pos = end + 2;
    } else if (xml.startsWith("</", pos)) {
      const name = NAME.exec(xml.slice(pos + 2))?.[0];
      if (!name) throw new Error(`bad end tag at ${pos}`);
      pos += 2 + name.length;
      while (/\s/.test(xml[pos] ?? "")) pos++;
      if (xml[pos] !== ">") throw new Error(`bad end tag </${name}> at ${pos}`);
      pos++;
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else {
      const name = NAME.exec(xml.slice(pos + 1))?.[0];
      if (!name) throw new Error(`bad start tag at ${pos}`);
      if (stack.length === 0 && ++roots > 1) throw new Error("more than one root element");
      pos += 1 + name.length;
      const seen = new Set<string>();
      for (;;) {
        const spaceStart = pos;
        while (/\s/.test(xml[pos] ?? "")) pos++;
        if (xml.startsWith("/>", pos)) {
          pos += 2;
          break;
        }
        if (xml[pos] === ">") {
          pos++;
          stack.push(name);
          break;
        }
        if (pos === spaceStart) throw new Error(`missing space before attribute in <${name}> at ${pos}`);
        const attr = NAME.exec(xml.slice(pos))?.[0];
        if (!attr) throw new Error(`bad attribute in <${name}> at ${pos}`);
        if (seen.has(attr)) throw new Error(`duplicate attribute ${attr} in <${name}>`);
        seen.add(attr);
        pos += attr.length;
        while (/\s/.test(xml[pos] ?? "")) pos++;
        if (xml[pos] !== "=") throw new Error(`attribute ${attr} without value at ${pos}`);
        pos++;
        while (/\s/.test(xml[pos] ?? "")) pos++;
        const quote = xml[pos];
        if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attr} at ${pos}`);
        const end = xml.indexOf(quote, pos + 1);
        if (end < 0) throw new Error(`unterminated attribute ${attr}`);
        const value = xml.slice(pos + 1, end);
        if (value.includes("<")) throw new Error(`< in attribute ${attr}`);
        checkCharData(value.replace(/]]>/g, ""), pos);
        pos = end + 1;
      }
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)}>`);
  if (roots !== 1) throw new Error("no root element");
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g, (_, ref: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[ref]) return named[ref]!;
    return String.fromCodePoint(ref.startsWith("#x") ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
  });
}

interface DocxRun {
  text: string;
  bold: boolean;
  fonts: Record<string, string>;
}
interface DocxParagraph {
  text: string;
  runs: DocxRun[];
  xml: string;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]!] = decodeXml(m[2]!);
  return out;
}

function runsOf(xml: string): DocxRun[] {
  return [...xml.matchAll(/<w:r(?:\s[^>]*)?>([\s\S]*?)<\/w:r>/g)].map((m) => {
    const inner = m[1]!;
    const fontsTag = /<w:rFonts\s[^>]*\/>/.exec(inner)?.[0] ?? "";
    return {
      text: [...inner.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>/g)].map((t) => decodeXml(t[1]!)).join(""),
      bold: /<w:b\/>|<w:b w:val="(?:true|1|on)"\/>/.test(inner),
      fonts: attributes(fontsTag),
    };
  });
}

function paragraphsOf(xml: string): DocxParagraph[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const runs = runsOf(m[1]!);
    return { text: runs.map((r) => r.text).join(""), runs, xml: m[0] };
  });
}

async function docxParts(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const parts: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith(".xml") || name.endsWith(".rels")) parts[name] = await zip.file(name)!.async("string");
  }
  return parts;
}

/** Chinese numerals 1–99 written independently of shared/numbering. */
function zh(n: number): string {
  const digits = "零一二三四五六七八九";
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : digits[tens]}十${ones === 0 ? "" : digits[ones]}`;
}

const FULL_WIDTH_SPACE = "\u3000";

// ---------------------------------------------------------------------------------------------

describe("buildAgreementDocx — the signed fixture agreement", () => {
  const content = fixtureContent();
  const model = fixtureAgreementExport({ status: "signed" });
  let parts: Record<string, string>;
  let paragraphs: DocxParagraph[];

  beforeAll(async () => {
    parts = await docxParts(await buildAgreementDocx(model));
    paragraphs = paragraphsOf(parts["word/document.xml"]!);
  });

  it("writes well-formed XML in every part", () => {
    for (const [name, xml] of Object.entries(parts)) {
      expect(() => assertWellFormedXml(xml), name).not.toThrow();
    }
  });

  it("numbers chapters 第一章… by runs of topic and articles 第一条… continuously across chapters", () => {
    const chapters = paragraphs.filter((p) => /^第[一二三四五六七八九十]+章/.test(p.text)).map((p) => p.text);
    expect(chapters).toEqual([
      "第一章　总则",
      "第二章　订单分配",
      "第三章　劳动定额",
      "第四章　报酬支付办法",
      "第五章　休息休假",
      "第六章　劳动安全与职业伤害保障",
      "第七章　算法规则与民主参与",
      "第八章　职业培训",
      "第九章　争议处理",
      "第十章　附则",
    ]);
    const articles = paragraphs.filter((p) => /^第[一二三四五六七八九十]+条/.test(p.text));
    expect(articles.map((p) => p.runs[0]!.text)).toEqual(content.clauses.map((_, i) => `第${zh(i + 1)}条`));
    // The first article of chapter 2 is 第五条, not 第一条: numbering does not restart per chapter.
    const chapter2 = paragraphs.findIndex((p) => p.text === "第二章　订单分配");
    expect(paragraphs[chapter2 + 1]!.runs[0]!.text).toBe("第五条");
  });

  it("prints every clause exactly as 第N条　title　body, the article label bold in 黑体", () => {
    const articles = paragraphs.filter((p) => /^第[一二三四五六七八九十]+条/.test(p.text));
    expect(articles).toHaveLength(content.clauses.length);
    content.clauses.forEach((clause, i) => {
      const p = articles[i]!;
      expect(p.text).toBe(`第${zh(i + 1)}条${FULL_WIDTH_SPACE}${clause.title}${FULL_WIDTH_SPACE}${clause.body}`);
      expect(p.runs.some((r) => r.text === clause.body)).toBe(true);
      expect(p.runs[0]!.bold).toBe(true);
      expect(p.runs[0]!.fonts["w:eastAsia"]).toBe("黑体");
    });
  });

  it("sets East Asian, ASCII and hAnsi fonts on every run with text, in the body, header and footer", () => {
    const textParts = Object.keys(parts).filter((name) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(name));
    expect(textParts).toContain("word/footer1.xml");
    let checked = 0;
    for (const name of textParts) {
      for (const run of runsOf(parts[name]!)) {
        if (run.text === "") continue; // page breaks, field codes, the watermark shape
        checked++;
        expect(run.fonts["w:eastAsia"], `${name}: ${run.text}`).toMatch(/宋|黑|仿宋|楷|方正/);
        expect(run.fonts["w:ascii"], `${name}: ${run.text}`).toBeTruthy();
        expect(run.fonts["w:hAnsi"], `${name}: ${run.text}`).toBeTruthy();
      }
    }
    expect(checked).toBeGreaterThan(200);
    const body = paragraphs.find((p) => p.text.startsWith("第一条"))!;
    expect(body.runs.at(-1)!.fonts["w:eastAsia"]).toBe("仿宋");
    const title = paragraphs[0]!;
    expect(title.text).toBe("青城市网络餐饮配送行业集体合同");
    expect(title.runs[0]!.fonts["w:eastAsia"]).toBe("方正小标宋简体");
    expect(title.xml).toContain('<w:jc w:val="center"/>');
  });

  it("gives 方正小标宋简体 a 黑体 fallback in the font table", () => {
    expect(parts["word/fontTable.xml"]).toMatch(/<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"\/>/);
  });

  it("lays out A4 with official-document margins and a — PAGE — footer", () => {
    const xml = parts["word/document.xml"]!;
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margins = attributes(/<w:pgMar\s[^>]*\/>/.exec(xml)![0]);
    // 3.7 cm, 2.6 cm, 3.5 cm, 2.8 cm in twips (1 cm = 567 twips)
    expect([margins["w:top"], margins["w:right"], margins["w:bottom"], margins["w:left"]]).toEqual(["2098", "1474", "1984", "1587"]);
    const footer = parts["word/footer1.xml"]!;
    expect(footer).toMatch(/PAGE/);
    const footerText = runsOf(footer).map((r) => r.text).join("");
    expect(footerText.startsWith("— ")).toBe(true);
    expect(footerText.endsWith(" —")).toBe(true);
  });

  it("has no draft mark", () => {
    expect(Object.keys(parts).some((name) => /header\d*\.xml$/.test(name) && parts[name]!.includes("草案"))).toBe(false);
  });

  it("closes with a signature block per side: organisation, signatory, capacity and date", () => {
    const texts = paragraphs.map((p) => p.text);
    const union = texts.indexOf("甲方（工会方）：青城市网络餐饮配送行业工会联合会");
    const enterprise = texts.indexOf("乙方（企业方）：青城迅达网络科技有限公司及其合作配送商");
    const appendix = texts.indexOf("签署记录");
    expect(union).toBeGreaterThan(0);
    expect(enterprise).toBeGreaterThan(union);
    expect(appendix).toBeGreaterThan(enterprise);
    const unionBlock = texts.slice(union, enterprise);
    expect(unionBlock).toEqual(
      expect.arrayContaining([
        "签署单位：青城市总工会",
        "签署人：王建国",
        `签署身份：${model.signatures[0]!.capacity}`,
        "签署日期：2026年11月24日",
      ]),
    );
    expect(texts.slice(enterprise, appendix)).toEqual(expect.arrayContaining(["签署人：李晓梅", "签署日期：2026年11月24日"]));
    // The last article comes before the signatures.
    expect(texts.findIndex((t) => t.startsWith("第三十三条"))).toBeLessThan(union);
  });

  it("appends 签署记录: each signature, hashes, audit head, the vote with its arithmetic, both sides' representatives", () => {
    const texts = paragraphs.map((p) => p.text);
    const appendix = texts.slice(texts.indexOf("签署记录"));
    const hash = model.version!.contentHash;
    expect(appendix).toEqual(
      expect.arrayContaining([
        "委托书：QC-2026-001",
        "委托书：无（以本单位名义签署）",
        "签署时间：2026年11月24日 15:30（北京时间）",
        "签署时间：2026年11月24日 15:45（北京时间）",
        `所签内容哈希：${hash}`,
        `版本内容哈希：${hash}`,
        `审计链头：${model.auditChainHead}`,
        "全部签署所针对的内容哈希均与本文本的版本内容哈希一致。",
        "应到人数：120 人",
        "票数核对：同意 81 + 反对 9 + 弃权 6 = 96 = 实到 96",
        "表决结果：通过",
        "甲方（工会方）协商代表：赵红（首席代表）、孙立强（协商代表）、周敏（法律顾问）",
        "乙方（企业方）协商代表：李晓梅（首席代表）、陈志远（协商代表）、刘洋（协商代表）",
      ]),
    );
    expect(appendix.find((t) => t.startsWith("实到人数："))).toContain("即至少 80 人：达到");
    expect(appendix.find((t) => t.startsWith("同意："))).toContain("即至少 61 票：达到");
    expect(appendix.filter((t) => t === `所签内容哈希：${hash}`)).toHaveLength(2);
    // The page break puts the appendix on a page of its own.
    expect(parts["word/document.xml"]).toContain('<w:br w:type="page"/>');
  });
});

describe("buildAgreementDocx — a draft", () => {
  it("marks every page 草案 with a header and a watermark, and leaves signature lines blank", async () => {
    const parts = await docxParts(await buildAgreementDocx(fixtureAgreementExport({ status: "draft" })));
    const header = Object.entries(parts).find(([name]) => /^word\/header\d*\.xml$/.test(name))?.[1];
    expect(header).toBeDefined();
    expect(header).toMatch(/<v:textpath[^>]*string="草案"/);
    expect(runsOf(header!).map((r) => r.text).join("")).toContain("草案");
    const texts = paragraphsOf(parts["word/document.xml"]!).map((p) => p.text);
    expect(texts).toContain("（草案）");
    expect(texts).toContain("首席代表（签字）：");
    expect(texts).toContain("本文本尚无签署。");
    expect(texts.some((t) => t.startsWith("签署人："))).toBe(false);
  });
});

describe("buildAgreementDocx — hostile text", () => {
  it("keeps markup, entities, ]]>, bidi and zero-width characters and astral characters exactly, in valid XML", async () => {
    const parts = await docxParts(await buildAgreementDocx(hostileAgreementExport()));
    const xml = parts["word/document.xml"]!;
    expect(() => assertWellFormedXml(xml)).not.toThrow();
    expect(xml).not.toContain("<script>");
    const paragraphs = paragraphsOf(xml);
    const [firstLine, secondLine] = HOSTILE_BODY.split("\n");
    const index = paragraphs.findIndex((p) => p.text.startsWith("第六条"));
    // Every character is kept; each U+202E gets a closing U+202C right after it, so the title's
    // unclosed override cannot reverse the body after it (nor the body's its own words).
    expect(paragraphs[index]!.text).toBe(
      `第六条${FULL_WIDTH_SPACE}${HOSTILE_TITLE.replace("\u202E", "\u202E\u202C")}${FULL_WIDTH_SPACE}${firstLine!.replace("\u202E", "\u202E\u202C")}`,
    );
    // The second line of the clause is its second 款: a paragraph of its own.
    expect(paragraphs[index + 1]!.text).toBe(secondLine);
    expect(paragraphs[index + 2]!.text.startsWith("第七条")).toBe(true);
    expect(paragraphs[index]!.text).toContain("\u202E");
    expect(paragraphs[index]!.text).toContain("\u200B");
    expect(paragraphs[index]!.text).toContain("𠀀");
    expect(paragraphs[index]!.text).toContain("😀");
    // The appendix tells the reader which article holds invisible characters.
    expect(paragraphs.map((p) => p.text)).toContain(
      "注意：第六条含有不可见的格式控制字符（U+200B、U+202C、U+202E）。导出文件保留了这些字符，并使其中的双向文本控制字符不改变文字的显示顺序；请对照原文核对。",
    );
  });

  it("replaces characters XML 1.0 cannot carry (C0 controls, lone surrogates) so the file still opens", async () => {
    expect(xmlSafeText("a\u0001b\u0008c\uD800d\uFFFEe\tf\ng😀")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\tf\ng😀");
    const model = fixtureAgreementExport();
    model.content = {
      ...model.content,
      clauses: [{ id: "ctl", topic: "general", title: "控制\u0000字符", body: "响铃\u0007与孤立代理项\uDC00" }, ...model.content.clauses],
    };
    const parts = await docxParts(await buildAgreementDocx(model));
    expect(() => assertWellFormedXml(parts["word/document.xml"]!)).not.toThrow();
    expect(paragraphsOf(parts["word/document.xml"]!).map((p) => p.text)).toContain("第一条　控制\uFFFD字符　响铃\uFFFD与孤立代理项\uFFFD");
  });
});

describe("assertWellFormedXml", () => {
  it.each([
    ["<a><b></a></b>", /closes/],
    ["<a>x & y</a>", /bare &/],
    ["<a>]]></a>", /]]>/],
    ['<a b="1" b="2"/>', /duplicate/],
    ["<a>\u0001</a>", /not allowed/],
    ["<a/><b/>", /more than one root/],
    ["<a>", /unclosed/],
  ])("rejects %j", (xml, message) => {
    expect(() => assertWellFormedXml(xml)).toThrow(message);
  });

  it("accepts well-formed XML", () => {
    expect(() => assertWellFormedXml('<?xml version="1.0"?><a x="&amp;"><b>&lt;&#x1F600;</b><![CDATA[<x>]]><c/></a>')).not.toThrow();
  });
});
