import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { agreementContentSchema } from "~/shared/agreement";
import { compareAgreements } from "~/shared/diff/compareAgreements";
import v1Fixture from "~/db/seed-data/agreement-v1.json";
import v2Fixture from "~/db/seed-data/agreement-v2.json";
import { buildRedlineDocx, REDLINE_FONTS } from "./redlineDocx";

const v1 = agreementContentSchema.parse(v1Fixture);
const v2 = agreementContentSchema.parse(v2Fixture);
const AUTHOR = "平台方";
const SAVED_AT = new Date("2026-03-01T09:30:00Z");

/** A WordprocessingML element: enough of an XML tree to ask what Word will see. */
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const XML_TOKEN = /<\?[^>]*\?>|<(\/?)([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
const XML_ATTRIBUTE = /([\w:]+)="([^"]*)"/g;
const unescapeXml = (text: string) =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: "#document", attributes: {}, children: [] };
  const open = [root];
  for (const [, closing, name, attributeText, selfClosing, text] of xml.matchAll(XML_TOKEN)) {
    const parent = open[open.length - 1]!;
    if (text !== undefined) parent.children.push(unescapeXml(text));
    if (!name) continue; // the <?xml …?> declaration
    if (closing) {
      expect(parent.name, `</${name}> closes <${parent.name}>`).toBe(name);
      open.pop();
      continue;
    }
    const attributes = Object.fromEntries(Array.from(attributeText!.matchAll(XML_ATTRIBUTE), ([, key, value]) => [key!, unescapeXml(value!)]));
    const element: XmlElement = { name, attributes, children: [] };
    parent.children.push(element);
    if (!selfClosing) open.push(element);
  }
  expect(open, "every element is closed").toHaveLength(1);
  return root;
}

function* descendants(element: XmlElement, name: string): Generator<XmlElement> {
  for (const child of element.children) {
    if (typeof child === "string") continue;
    if (child.name === name) yield child;
    yield* descendants(child, name);
  }
}

const textOf = (element: XmlElement): string =>
  element.children.map((child) => (typeof child === "string" ? child : textOf(child))).join("");

/** A paragraph's text as Word shows it once every change is accepted (or rejected). */
function paragraphText(paragraph: XmlElement, outcome: "accepted" | "rejected"): string {
  const visit = (element: XmlElement): string =>
    element.children
      .map((child) => {
        if (typeof child === "string") return "";
        if (child.name === "w:ins" && outcome === "rejected") return "";
        if (child.name === "w:del" && outcome === "accepted") return "";
        if (child.name === "w:t" || child.name === "w:delText") return textOf(child);
        return child.name === "w:pPr" ? "" : visit(child);
      })
      .join("");
  return visit(paragraph);
}

async function redlineOf(from = v1, to = v2) {
  const buffer = await buildRedlineDocx(compareAgreements(from, to), {
    fromLabel: "工会方首轮提案",
    toLabel: "平台方回应稿",
    author: AUTHOR,
    date: SAVED_AT,
    agreementTitle: to.title,
  });
  const zip = await JSZip.loadAsync(buffer);
  const document = parseXml(await zip.file("word/document.xml")!.async("string"));
  const comments = parseXml((await zip.file("word/comments.xml")?.async("string")) ?? "<w:comments/>");
  const settings = await zip.file("word/settings.xml")!.async("string");
  return { buffer, document, comments, settings };
}

/** The agreement's text, clause by clause, as heading then body, without article numbers. */
const clauseLines = (agreement: typeof v1) => agreement.clauses.flatMap((clause) => [clause.title, clause.body]);
const withoutArticleNumber = (line: string) => line.replace(/^第[一二三四五六七八九十百千零]+条\u3000/, "");

const { buffer, document, comments, settings } = await redlineOf();

describe("buildRedlineDocx on the fixtures", () => {
  const insertions = [...descendants(document, "w:ins")];
  const deletions = [...descendants(document, "w:del")];
  const paragraphs = [...descendants(document, "w:p")];
  // The first two paragraphs are the agreement title and the "修订对照" line.
  const clauseParagraphs = paragraphs.slice(2);

  it("is a Word package", () => {
    expect(buffer.subarray(0, 2).toString()).toBe("PK");
  });

  it("holds real revisions, each with the author and date of the newer version", () => {
    expect(insertions.length).toBeGreaterThan(0);
    expect(deletions.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const revision of [...insertions, ...deletions]) {
      expect(revision.attributes["w:author"]).toBe(AUTHOR);
      expect(revision.attributes["w:date"]).toBe("2026-03-01T09:30:00Z");
      ids.add(revision.attributes["w:id"]!);
    }
    expect(ids.size, "revision ids are unique").toBe(insertions.length + deletions.length);
  });

  it("shows 5.5元 deleted and 5元 inserted", () => {
    const deletedTexts = [...descendants(document, "w:delText")].map(textOf);
    const insertedTexts = insertions.flatMap((insertion) => [...descendants(insertion, "w:t")].map(textOf));
    expect(deletedTexts).toContain("5.5元");
    expect(insertedTexts).toContain("5元");
    expect(deletedTexts).toContain("技能提升"); // c29's heading, deleted whole
    expect(insertedTexts).toContain("服务质量奖励"); // c34's heading, inserted whole
  });

  it("leaves unchanged text outside any revision", () => {
    const c01 = v1.clauses[0]!;
    const plainTexts = clauseParagraphs.map((paragraph) => paragraphText(paragraph, "accepted"));
    expect(plainTexts).toContain(c01.body);
    for (const revision of [...insertions, ...deletions]) expect(textOf(revision)).not.toContain(c01.body);
  });

  it("gives the newer version when every change is accepted, and the older one when every change is rejected", () => {
    const accepted = clauseParagraphs.map((paragraph) => withoutArticleNumber(paragraphText(paragraph, "accepted"))).filter(Boolean);
    const rejected = clauseParagraphs.map((paragraph) => withoutArticleNumber(paragraphText(paragraph, "rejected"))).filter(Boolean);
    expect(accepted).toEqual(clauseLines(v2));
    // The moved clause c25 sits at its new place in both readings; the rest is the older text in order.
    expect(new Set(rejected)).toEqual(new Set(clauseLines(v1)));
    expect(rejected).toHaveLength(clauseLines(v1).length);
  });

  it("marks the paragraphs of added and deleted clauses as inserted and deleted", () => {
    const marked = (kind: "w:ins" | "w:del") =>
      clauseParagraphs.filter((paragraph) =>
        paragraph.children.some((child) => typeof child !== "string" && child.name === "w:pPr" && [...descendants(child, kind)].length > 0),
      );
    expect(marked("w:ins").map((paragraph) => paragraphText(paragraph, "accepted"))).toEqual([
      "第二十条\u3000服务质量奖励",
      v2.clauses.find((clause) => !v1.clauses.some((older) => older.id === clause.id))!.body, // the clause only the newer has
    ]);
    expect(marked("w:del").map((paragraph) => paragraphText(paragraph, "rejected"))).toEqual([
      "第二十九条\u3000技能提升",
      v1.clauses.find((clause) => !v2.clauses.some((newer) => newer.id === clause.id))!.body, // the clause only the older has
    ]);
  });

  it("numbers clause headings in Chinese, in the newer order", () => {
    const headings = clauseParagraphs.map((paragraph) => paragraphText(paragraph, "accepted")).filter((text) => /^第.+条\u3000/.test(text));
    expect(headings[0]).toBe("第一条\u3000" + v2.clauses[0]!.title);
    expect(headings).toContain("第三十三条\u3000" + v2.clauses[32]!.title);
  });

  it("notes the moved clause in a comment", () => {
    expect([...descendants(comments, "w:comment")].map(textOf)).toEqual(["本条位置已调整（原第二十五条）。"]);
  });

  it("sets East Asian and Latin fonts on every run", () => {
    for (const run of descendants(document, "w:r")) {
      const fonts = [...descendants(run, "w:rFonts")][0];
      expect(fonts?.attributes["w:eastAsia"], textOf(run)).toMatch(/^(仿宋|黑体|宋体)$/);
      expect(fonts?.attributes["w:ascii"]).toBeTruthy();
    }
    expect(Object.values(REDLINE_FONTS).map((font) => font.eastAsia)).toContain("仿宋");
  });

  it("keeps tracking the reader's own edits", () => {
    expect(settings).toContain("<w:trackRevisions/>");
  });
});

describe("buildRedlineDocx without changes", () => {
  it("writes no revision", async () => {
    const { document } = await redlineOf(v2, v2);
    expect([...descendants(document, "w:ins")]).toHaveLength(0);
    expect([...descendants(document, "w:del")]).toHaveLength(0);
  });
});
