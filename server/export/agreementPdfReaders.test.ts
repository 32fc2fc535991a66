/**
 * The agreement PDF as other software reads it (SPEC E-6 … E-8): poppler's pdftotext in its
 * default reading-order mode and MuPDF's text device give every article in document order; the
 * structure tree a screen reader follows has one heading per 条 with the clause's text; the
 * filing package's copy claims PDF/A-2b. Checked on both rounds of the demo (db/seed-data) and on
 * a generated 200-clause agreement whose text no test has seen before.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreementContentSchema, type AgreementContent, type Clause } from "~/shared/agreement";
import { numberAgreement } from "~/shared/numbering";
import { TOPIC_KEYS } from "~/shared/topics";
import { elementsOfType, readPdfStructure, type PdfStructure } from "~/tests/setup/pdfStructure";
import { DRAFT_HEADER } from "./agreementLayout";
import { fixtureAgreementExport, hostileAgreementExport } from "./agreementFixture";
import { buildAgreementPdf } from "./agreementPdf";

const missing = ["pdftotext", "pdfinfo", "mutool"].filter((tool) => spawnSync(tool, ["-v"]).error);
if (missing.length > 0) throw new Error(`PDF reader tests need poppler-utils and mupdf-tools (${missing.join(", ")} not found)`);

const workDir = mkdtempSync(join(tmpdir(), "tongshang-pdf-readers-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let counter = 0;
function save(pdf: Buffer): string {
  const path = join(workDir, `agreement-${++counter}.pdf`);
  writeFileSync(path, pdf);
  return path;
}
const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });

/** The seed round `v` (1: the union's first proposal, 2: the platform's answer). */
function seedRound(v: 1 | 2): AgreementContent {
  const path = fileURLToPath(new URL(`../../db/seed-data/agreement-v${v}.json`, import.meta.url));
  return agreementContentSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/**
 * A 200-clause agreement of generated text (seeded, so a failure can be replayed): characters
 * drawn from the demo's own text, bodies of 4 to 400 characters, some with a second 款, titles of
 * 2 to 9 characters or none, topics in runs so chapters come and go.
 */
function generatedAgreement(seed: number, count = 200): AgreementContent {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pool = [...new Set([...seedRound(1).clauses, ...seedRound(2).clauses].flatMap((c) => [...c.body.replace(/[\s，。；：、（）《》“”]/gu, "")]))];
  const words = (n: number) => Array.from({ length: n }, () => pool[Math.floor(random() * pool.length)]!).join("");
  const sentence = (length: number) => {
    let out = "";
    while (Array.from(out).length < length) out += words(2 + Math.floor(random() * 12)) + (random() < 0.25 ? "，" : random() < 0.1 ? "、" : random() < 0.05 ? `${Math.floor(random() * 1000)}元` : "");
    return `${out}。`;
  };
  const clauses: Clause[] = [];
  let topic: (typeof TOPIC_KEYS)[number] = "general";
  for (let i = 0; i < count; i++) {
    if (random() < 0.12) topic = TOPIC_KEYS[Math.floor(random() * TOPIC_KEYS.length)]!;
    const body = random() < 0.2 ? `${sentence(4 + Math.floor(random() * 200))}\n${sentence(4 + Math.floor(random() * 120))}` : sentence(4 + Math.floor(random() * 400));
    clauses.push({ id: `g${i}`, topic, title: random() < 0.15 ? "" : words(2 + Math.floor(random() * 8)), body });
  }
  return { title: "生成的集体合同（测试）", clauses };
}

/** Extracted text with the page furniture (— n —, the draft header) removed, whitespace removed. */
function withoutFurniture(pages: string[]): string {
  return pages
    .map((page) =>
      page
        .split("\n")
        .filter((line) => !/^\s*—\s*\d+\s*—\s*$/.test(line) && line.trim() !== DRAFT_HEADER)
        .join("\n"),
    )
    .join("")
    .replace(/\s+/gu, "");
}
const squash = (text: string) => text.replace(/\s+/gu, "");

/** pdftotext in its default mode: its own reading-order analysis, as desktop search and indexers use it. */
const popplerText = (path: string) => withoutFurniture(run("pdftotext", ["-enc", "UTF-8", path, "-"]).split("\f"));
/** MuPDF's structured-text device (what mutool, SumatraPDF and many viewers extract). */
const mupdfText = (path: string) => withoutFurniture(run("mutool", ["draw", "-q", "-F", "txt", "-o", "-", path]).split("\f"));

/** Each article as a reader must get it: 第N条, title and body, in order and each contiguous. The first out-of-place article, or undefined. */
function firstArticleOutOfOrder(text: string, content: AgreementContent): string | undefined {
  const numbering = numberAgreement(content.clauses);
  let from = 0;
  for (const [i, clause] of content.clauses.entries()) {
    const expected = squash(`${numbering[i]!.articleLabel}${clause.title}${clause.body}`);
    const at = text.indexOf(expected, from);
    if (at < 0) {
      const near = text.indexOf(squash(numbering[i]!.articleLabel), from);
      return `${numbering[i]!.articleLabel} (${clause.id}) not contiguous after offset ${from}: expected ${expected.slice(0, 40)}…, found ${text.slice(near, near + 60)}…`;
    }
    from = at + expected.length;
  }
  return undefined;
}

const cases: { name: string; content: () => AgreementContent; status: "draft" | "signed" }[] = [
  { name: "round 1 (工会方首轮提案), draft", content: () => seedRound(1), status: "draft" },
  { name: "round 2 (平台方回应稿), draft", content: () => seedRound(2), status: "draft" },
  { name: "round 2, signed", content: () => seedRound(2), status: "signed" },
  { name: "a generated 200-clause agreement, signed", content: () => generatedAgreement(20261201), status: "signed" },
  { name: "another generated 200-clause agreement, draft", content: () => generatedAgreement(9704), status: "draft" },
];

describe("E-6 reading order: pdftotext and MuPDF read every article contiguous and in document order", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const content = c.content();
      const path = save(await buildAgreementPdf(fixtureAgreementExport({ status: c.status, content })));
      expect(firstArticleOutOfOrder(popplerText(path), content), "pdftotext").toBeUndefined();
      expect(firstArticleOutOfOrder(mupdfText(path), content), "mutool draw -F txt").toBeUndefined();
    });
  }

  it("the check itself finds interleaved articles (two first lines swapped)", () => {
    const content = seedRound(2);
    const numbering = numberAgreement(content.clauses);
    const article = (i: number) => squash(`${numbering[i]!.articleLabel}${content.clauses[i]!.title}${content.clauses[i]!.body}`);
    const inOrder = content.clauses.map((_, i) => article(i)).join("");
    expect(firstArticleOutOfOrder(inOrder, content)).toBeUndefined();
    const a = article(21);
    const b = article(22);
    const interleaved = inOrder.replace(a + b, a.slice(0, 12) + b.slice(0, 12) + a.slice(12) + b.slice(12));
    expect(firstArticleOutOfOrder(interleaved, content)).toMatch(/^第二十二条/);
  });
});

describe("E-7 tagged PDF: structure tree, language, title, artifacts", () => {
  const content = generatedAgreement(4242, 60);
  let structure: PdfStructure;
  let path: string;
  beforeAll(async () => {
    const pdf = await buildAgreementPdf(fixtureAgreementExport({ status: "draft", content }));
    path = save(pdf);
    structure = readPdfStructure(pdf);
  });

  it("pdfinfo reports Tagged: yes; the catalog declares zh-CN and asks viewers to show the title", () => {
    expect(run("pdfinfo", [path])).toMatch(/^Tagged:\s+yes$/m);
    expect(structure.catalog).toEqual({ lang: "zh-CN", marked: true, displayDocTitle: true, hasMetadata: true });
  });

  it("lists one H3 per 条, in order, holding its label and title; the body follows as P", () => {
    const numbering = numberAgreement(content.clauses);
    const headings = elementsOfType(structure.root, "H3");
    expect(headings.map((h) => squash(h.text))).toEqual(content.clauses.map((c, i) => squash(`${numbering[i]!.articleLabel}${c.title}`)));
    const articles = elementsOfType(structure.root, "Sect").filter((s) => s.children[0]?.type === "H3");
    expect(articles).toHaveLength(content.clauses.length);
    articles.forEach((article, i) => {
      expect(article.children.slice(1).every((child) => child.type === "P")).toBe(true);
      expect(squash(article.children.slice(1).map((p) => p.text).join("")), `article ${i + 1}`).toBe(squash(content.clauses[i]!.body));
    });
  });

  it("has the title as H1 and one H2 per 章, in order", () => {
    expect(squash(elementsOfType(structure.root, "H1")[0]!.text)).toBe(squash(content.title));
    const chapters = numberAgreement(content.clauses).filter((n, i, all) => i === 0 || all[i - 1]!.chapterIndex !== n.chapterIndex);
    expect(elementsOfType(structure.root, "H2").slice(0, chapters.length).map((h) => squash(h.text))).toEqual(chapters.map((n) => squash(`${n.chapterLabel}${n.chapterTitle}`)));
  });

  it("prints the signature record as tables: one row per field, label TH and value TD", async () => {
    const signed = readPdfStructure(await buildAgreementPdf(fixtureAgreementExport({ status: "signed" })));
    const tables = elementsOfType(signed.root, "Table");
    expect(tables.length).toBeGreaterThanOrEqual(4);
    const rows = tables.flatMap((t) => t.children);
    expect(rows.every((r) => r.type === "TR" && r.children.map((cell) => cell.type).join(",") === "TH,TD")).toBe(true);
    const cell = (label: string) => rows.find((r) => squash(r.children[0]!.text) === `${label}：`)?.children[1]!.text;
    expect(cell("签署人")).toBe("王建国");
    expect(cell("决议编号")).toBe("青配工代〔2026〕3号");
  });

  it("marks the page numbers and the draft header as artifacts, and leaves no text outside the structure", () => {
    structure.artifacts.forEach((texts, i) => {
      expect(texts).toContain(`— ${i + 1} —`);
      expect(texts).toContain(DRAFT_HEADER);
    });
    expect(structure.unmarked.join("")).toBe("");
  });

  it("keeps an untagged build possible (for the benchmark): no structure tree, same text", async () => {
    const pdf = await buildAgreementPdf(fixtureAgreementExport({ status: "draft", content }), { tagged: false });
    const untagged = readPdfStructure(pdf);
    expect(untagged.root).toEqual([]);
    const untaggedPath = save(pdf);
    expect(run("pdfinfo", [untaggedPath])).toMatch(/^Tagged:\s+no$/m);
    expect(firstArticleOutOfOrder(popplerText(untaggedPath), content)).toBeUndefined();
  });
});

describe("E-8 PDF/A-2b for the filing package copy", () => {
  it("claims PDF/A-2b in XMP, carries an sRGB output intent, embeds every font and stays tagged", async () => {
    const pdf = await buildAgreementPdf(fixtureAgreementExport({ status: "signed" }), { pdfA: true });
    const path = save(pdf);
    const xmp = run("pdfinfo", ["-meta", path]);
    expect(xmp).toContain("<pdfaid:part>2</pdfaid:part>");
    expect(xmp).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(pdf.toString("latin1")).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(pdf.toString("latin1")).toMatch(/\/S \/GTS_PDFA1/);
    const fonts = run("pdffonts", [path]).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/); // embedded, subset, ToUnicode
    expect(run("pdfinfo", [path])).toMatch(/^Tagged:\s+yes$/m);
    // No transparency: a signed agreement has no watermark, so no soft mask or constant alpha below 1.
    expect(pdf.toString("latin1")).not.toMatch(/\/(ca|CA) 0\.\d|\/SMask/);
  });

  it("writes well-formed XMP even when the title holds markup (pdfkit does not escape it)", async () => {
    const model = hostileAgreementExport("signed");
    const pdf = await buildAgreementPdf({ ...model, content: { ...model.content, title: "集体合同<b>&]]>" } }, { pdfA: true });
    const xmp = run("pdfinfo", ["-meta", save(pdf)]);
    expect(xmp).toContain("集体合同&lt;b&gt;&amp;]]&gt;");
    expect(xmp).not.toMatch(/<b>/);
  });

  it("refuses a PDF/A copy of a draft (its watermark is transparent)", async () => {
    await expect(buildAgreementPdf(fixtureAgreementExport({ status: "draft" }), { pdfA: true })).rejects.toThrow(/signed/);
  });
});
