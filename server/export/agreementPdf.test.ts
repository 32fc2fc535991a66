/**
 * The PDF is checked with Debian's poppler-utils (pdftotext, pdffonts, pdftoppm, pdfinfo): what a
 * reader's viewer extracts and draws, not what pdfkit believes it wrote.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureAgreementExport, fixtureContent, HOSTILE_BODY, HOSTILE_TITLE, hostileAgreementExport } from "./agreementFixture";
import { buildAgreementPdf, cmapCoverage, MISSING_GLYPH_MARK, pdfDrawableText } from "./agreementPdf";

const POPPLER = ["pdftotext", "pdffonts", "pdftoppm", "pdfinfo"];
const missingTools = POPPLER.filter((tool) => spawnSync(tool, ["-v"]).error);
if (missingTools.length > 0) {
  throw new Error(`PDF export tests need poppler-utils (${missingTools.join(", ")} not found): apt-get install -y poppler-utils`);
}

const workDir = mkdtempSync(join(tmpdir(), "tongshang-pdf-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let fileCounter = 0;

function save(pdf: Buffer): string {
  const path = join(workDir, `export-${++fileCounter}.pdf`);
  writeFileSync(path, pdf);
  return path;
}
const tool = (name: string, args: string[]) => execFileSync(name, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/**
 * The text of each page as pdftotext extracts it in content-stream order (-raw): the order in
 * which the exporter set the lines. (pdftotext's default layout analysis may read the aligned
 * 第N条 / title fragments of consecutive articles as a table column and print them out of order.)
 */
function pagesText(path: string): string[] {
  return tool("pdftotext", ["-raw", "-enc", "UTF-8", path, "-"]).split("\f").slice(0, -1);
}
/** Page text without the page furniture (— n — and the draft header), whitespace removed. */
function bodyText(pages: string[], header = ""): string {
  return pages
    .map((page) =>
      page
        .split("\n")
        .filter((line) => !/^\s*—\s*\d+\s*—\s*$/.test(line) && (header === "" || line.trim() !== header))
        .join("\n"),
    )
    .join("")
    .replace(/\s+/gu, "");
}
const squash = (text: string) => text.replace(/\s+/gu, "");

interface WordBox {
  page: number;
  pageWidth: number;
  pageHeight: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}
function wordBoxes(path: string): WordBox[] {
  const html = tool("pdftotext", ["-bbox", "-enc", "UTF-8", path, "-"]);
  const boxes: WordBox[] = [];
  let page = 0;
  let pageWidth = 0;
  let pageHeight = 0;
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[1]) {
      page++;
      pageWidth = Number(m[1]);
      pageHeight = Number(m[2]);
    } else {
      boxes.push({ page, pageWidth, pageHeight, xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]), text: m[7]! });
    }
  }
  return boxes;
}

const CM = 72 / 2.54;

/**
 * The TrueType fonts embedded in a PDF (FontFile2 streams), inflated. pdfkit writes plain
 * `N 0 obj << … >> stream` objects with a direct /Length, which is all this reads.
 */
function embeddedTrueTypeFonts(pdf: Buffer): Buffer[] {
  const text = pdf.toString("latin1");
  return [...text.matchAll(/\/FontFile2 (\d+) 0 R/g)].map((ref) => {
    const object = new RegExp(`\\n${ref[1]} 0 obj\\s*<<([\\s\\S]*?)>>\\s*stream\\r?\\n`).exec(text)!;
    const length = Number(/\/Length (\d+)/.exec(object[1]!)![1]);
    const start = object.index + object[0].length;
    return inflateSync(pdf.subarray(start, start + length));
  });
}

/**
 * Checks a subset font's glyph table the way a renderer reads it: every loca offset inside glyf
 * and ascending, and every glyph header sane. Old fontkit forks wrote short-format loca without
 * padding, which shifts later glyphs by a byte: their headers then read as garbage
 * (numberOfContours −32256 …) and the glyphs render blank.
 */
function glyphTableProblems(font: Buffer): string[] {
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const record = 12 + 16 * i;
    tables.set(font.toString("latin1", record, record + 4), { offset: font.readUInt32BE(record + 8), length: font.readUInt32BE(record + 12) });
  }
  const head = tables.get("head")!;
  const loca = tables.get("loca")!;
  const glyf = tables.get("glyf")!;
  const glyphCount = font.readUInt16BE(tables.get("maxp")!.offset + 4);
  const longLoca = font.readInt16BE(head.offset + 50) === 1;
  const offsetOf = (i: number) => (longLoca ? font.readUInt32BE(loca.offset + 4 * i) : 2 * font.readUInt16BE(loca.offset + 2 * i));
  const problems: string[] = [];
  for (let i = 0; i < glyphCount; i++) {
    const [start, end] = [offsetOf(i), offsetOf(i + 1)];
    if (end < start || end > glyf.length) {
      problems.push(`glyph ${i}: loca ${start}–${end} outside glyf (${glyf.length})`);
      continue;
    }
    if (end === start) continue; // an empty glyph (a space)
    const at = glyf.offset + start;
    const contours = font.readInt16BE(at);
    const [xMin, yMin, xMax, yMax] = [2, 4, 6, 8].map((o) => font.readInt16BE(at + o));
    if (contours < -1 || contours > 1000) problems.push(`glyph ${i}: numberOfContours ${contours}`);
    else if (xMin! > xMax! || yMin! > yMax!) problems.push(`glyph ${i}: bounding box ${xMin},${yMin}–${xMax},${yMax}`);
  }
  return problems;
}

/** Page `page` rendered in grey at `dpi` by pdftoppm: 8-bit pixels, 0 black … 255 white. */
function renderGray(path: string, page: number, dpi = 36): Uint8Array {
  const base = join(workDir, `render-${++fileCounter}`);
  execFileSync("pdftoppm", ["-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", path, base]);
  const pgm = readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString("latin1"))!;
  const pixels = pgm.subarray(header[0].length);
  expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
  return pixels;
}
const share = (pixels: Uint8Array, test: (value: number) => boolean) => {
  let n = 0;
  for (const value of pixels) if (test(value)) n++;
  return n / pixels.length;
};

describe("buildAgreementPdf — the signed fixture agreement", () => {
  const content = fixtureContent();
  const model = fixtureAgreementExport({ status: "signed" });
  let path: string;
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await buildAgreementPdf(model);
    path = save(pdf);
  });

  it("is a valid A4 PDF that poppler reads without complaint", () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const info = spawnSync("pdfinfo", [path], { encoding: "utf8" });
    expect(info.status).toBe(0);
    expect(info.stderr).toBe("");
    expect(info.stdout).toMatch(/Page size:\s+595\.2\d x 841\.8\d pts \(A4\)/);
    expect(info.stdout).toMatch(/Title:\s+青城市网络餐饮配送行业集体合同/);
  });

  it("embeds a subset of the CJK font, and only embedded fonts", () => {
    const lines = tool("pdffonts", [path]).trim().split("\n").slice(2);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => /^[A-Z]{6}\+NotoSerifSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/.test(line))).toBe(true);
    for (const line of lines) expect(line, line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it("embeds subsets whose glyph tables a renderer can read, and poppler draws them without errors", () => {
    const fonts = embeddedTrueTypeFonts(pdf);
    expect(fonts).toHaveLength(2); // regular and bold
    for (const font of fonts) {
      expect(["\u0000\u0001\u0000\u0000", "true"]).toContain(font.toString("latin1", 0, 4)); // TrueType outlines
      expect(font.length).toBeLessThan(1_000_000); // a subset, not the 15 MB font
      expect(glyphTableProblems(font)).toEqual([]);
    }
    // The check finds the short-loca corruption: every glyph after the 5th shifted by one byte.
    const broken = Buffer.from(fonts[0]!);
    const tableOffset = (tag: string) => {
      for (let i = 0; i < broken.readUInt16BE(4); i++) {
        if (broken.toString("latin1", 12 + 16 * i, 16 + 16 * i) === tag) return broken.readUInt32BE(20 + 16 * i);
      }
      throw new Error(tag);
    };
    const loca = tableOffset("loca");
    const glyphs = broken.readUInt16BE(tableOffset("maxp") + 4);
    for (let i = 6; i <= glyphs; i++) broken.writeUInt32BE(broken.readUInt32BE(loca + 4 * i) + 1, loca + 4 * i);
    expect(glyphTableProblems(broken).length).toBeGreaterThan(glyphs / 4);
    const render = spawnSync("pdftoppm", ["-r", "20", "-gray", path, join(workDir, "all-pages")], { encoding: "utf8" });
    expect(render.status).toBe(0);
    expect(render.stderr).toBe("");
  });

  it("extracts every clause exactly, as 第N条 title body in order (whitespace aside)", () => {
    const text = bodyText(pagesText(path));
    const labels = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    const zh = (n: number) => (n < 10 ? labels[n - 1]! : `${n >= 20 ? labels[Math.floor(n / 10) - 1] : ""}十${n % 10 === 0 ? "" : labels[(n % 10) - 1]}`);
    let from = 0;
    content.clauses.forEach((clause, i) => {
      const expected = squash(`第${zh(i + 1)}条${clause.title}${clause.body}`);
      const at = text.indexOf(expected, from);
      expect(at, `clause ${clause.id} (${expected.slice(0, 20)}…)`).toBeGreaterThanOrEqual(0);
      from = at + expected.length;
    });
    expect(text).toContain("第一章总则");
    expect(text).toContain("第十章附则");
  });

  it("numbers every page — n — and keeps the signature block and the appendix", () => {
    const pages = pagesText(path);
    expect(pages.length).toBeGreaterThan(3);
    // pdftotext drops the spaces inside "— 1 —".
    pages.forEach((page, i) => expect(page).toMatch(new RegExp(`^\\s*—\\s*${i + 1}\\s*—\\s*$`, "m")));
    const text = bodyText(pages);
    for (const expected of [
      "甲方（工会方）：青城市网络餐饮配送行业工会联合会",
      "签署人：王建国",
      squash(`签署身份：${model.signatures[0]!.capacity}`),
      "签署日期：2026年11月24日",
      "附件签署记录",
      "委托书：QC-2026-001",
      `所签内容哈希：${model.version!.contentHash}`,
      `审计链头：${model.auditChainHead}`,
      "票数核对：同意81+反对9+弃权6=96=实到96",
      "即至少80人：达到",
      "即至少61票：达到",
      "甲方（工会方）协商代表：赵红（首席代表）、孙立强（协商代表）、周敏（法律顾问）",
      "刘洋（协商代表）",
    ]) {
      expect(text).toContain(expected);
    }
    // The appendix starts a page of its own.
    expect(pages.findIndex((p) => p.includes("签署记录"))).toBeGreaterThan(pages.findIndex((p) => p.includes("签署人：王建国")));
  });

  it("keeps every word inside the type area", () => {
    const boxes = wordBoxes(path);
    expect(boxes.length).toBeGreaterThan(100);
    for (const box of boxes) {
      expect(box.xMin, box.text).toBeGreaterThanOrEqual(2.8 * CM - 1);
      expect(box.xMax, box.text).toBeLessThanOrEqual(box.pageWidth - 2.6 * CM + 2);
      if (!/^[—\d\s]+$/.test(box.text)) {
        expect(box.yMin, box.text).toBeGreaterThanOrEqual(3.7 * CM - 2);
        expect(box.yMax, box.text).toBeLessThanOrEqual(box.pageHeight - 3.5 * CM + 2);
      }
    }
  });

  it("draws page 1: the rendered page is not blank", () => {
    const dark = share(renderGray(path, 1), (v) => v < 160);
    // A page of 三号 text inks a few per cent of the page; a blank page (or one of missing glyphs) none.
    expect(dark).toBeGreaterThan(0.01);
    expect(dark).toBeLessThan(0.5);
  });
});

describe("buildAgreementPdf — a draft", () => {
  it("marks every page 草案 in the header and leaves the signature lines blank", async () => {
    const model = fixtureAgreementExport({ status: "draft" });
    const pages = pagesText(save(await buildAgreementPdf(model)));
    for (const page of pages) expect(page).toContain("草案 · 协商中文本，未经签署，不具效力");
    const text = bodyText(pages, "草案 · 协商中文本，未经签署，不具效力");
    expect(text).toContain("（草案）");
    expect(text).toContain("首席代表（签字）：");
    expect(text).toContain("本文本尚无签署。");
    expect(text).not.toContain("签署人：");
    // The watermark is drawn as outlines, so it never lands in the middle of extracted clauses.
    for (const clause of fixtureContent().clauses) expect(text).toContain(squash(clause.body));
    expect(text).not.toMatch(/草案(?!）|·)/u);
  });

  it("draws a diagonal 草案 watermark: a draft page carries far more light grey than the signed one", async () => {
    const draft = save(await buildAgreementPdf(fixtureAgreementExport({ status: "draft" })));
    const signed = save(await buildAgreementPdf(fixtureAgreementExport({ status: "signed" })));
    // The watermark is a flat light grey (≈ 226 on white); text edges spread over all greys.
    const lightGrey = (v: number) => v >= 215 && v <= 240;
    const draftGrey = share(renderGray(draft, 2), lightGrey);
    const signedGrey = share(renderGray(signed, 2), lightGrey);
    expect(draftGrey).toBeGreaterThan(signedGrey + 0.005);
  });
});

describe("buildAgreementPdf — hostile text", () => {
  let path: string;
  beforeAll(async () => {
    path = save(await buildAgreementPdf(hostileAgreementExport()));
  });

  it("prints markup and entities as text, marks characters outside the font 〓 and drops invisible controls", () => {
    const info = spawnSync("pdfinfo", [path], { encoding: "utf8" });
    expect(info.status).toBe(0);
    const text = bodyText(pagesText(path));
    const drawn = squash(
      HOSTILE_BODY.replace(/[\u202E\u202C\u200B]/gu, "").replace(/𠀀|😀/gu, MISSING_GLYPH_MARK),
    );
    expect(text).toContain(squash(`第六条${HOSTILE_TITLE.replace(/\u202E/gu, "").replace("😀", MISSING_GLYPH_MARK)}${drawn}`));
    expect(text).toContain('<script>alert("派单")</script>');
    expect(text).toContain("A&B、&amp;、]]>");
    expect(text).not.toMatch(/[\u202E\u202C\u200B]/u);
    expect(text).toContain("本PDF中有3个字符超出内嵌字体的字符范围");
    // The clauses around the hostile one are intact.
    expect(text).toContain(squash(fixtureContent().clauses[4]!.body));
    expect(text).toContain(squash(fixtureContent().clauses[5]!.body));
  });

  it("breaks the 300-character link inside the type area instead of running off the page", () => {
    for (const box of wordBoxes(path)) {
      expect(box.xMax, box.text).toBeLessThanOrEqual(box.pageWidth - 2.6 * CM + 2);
    }
  });
});

describe("pdfDrawableText", () => {
  it("keeps covered characters, drops invisible ones and marks the rest", () => {
    const covers = (cp: number) => cp < 0x10000 && cp !== 0x2603;
    expect(pdfDrawableText("a\u200Bb\u202Ec\u2603d😀e\tf\ng\uFE0F", covers)).toEqual({
      text: `abc${MISSING_GLYPH_MARK}d${MISSING_GLYPH_MARK}e f\ng`,
      missing: 2,
    });
  });

  it("reads the font's cmap: Noto Serif SC covers CJK and Latin but not Extension B or emoji", () => {
    const font = readFileSync(createRequire(import.meta.url).resolve("@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf"));
    const covers = cmapCoverage(font);
    for (const ch of "第一条订立依据（）《》，。“”〓—A5.") expect(covers(ch.codePointAt(0)!), ch).toBe(true);
    for (const ch of ["𠀀", "😀", "\u202E"]) expect(covers(ch.codePointAt(0)!), ch).toBe(false);
  });
});
