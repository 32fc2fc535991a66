/**
 * The DOCX exports opened in a real word processor (SPEC E-10): headless LibreOffice Writer, the
 * one most Linux filing desks and many government offices run. The agreement DOCX renders to a
 * PDF holding every article; the redline DOCX's tracked changes, read back from the ODF
 * LibreOffice writes (<text:changed-region> insertion / deletion around the body text), give the
 * newer version's text when all are accepted and the older one's when all are rejected; and the
 * comments survive the round trip as LibreOffice annotations.
 *
 * LibreOffice 7.4 headless is known to crash through its UNO API on documents with comments, so
 * the accept/reject reading is done on a copy with the comments stripped, and the comments are
 * checked on the original separately. Each run uses its own fresh LibreOffice profile
 * (-env:UserInstallation), so parallel test runs never share one; every call is time-bounded.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import v1Fixture from "~/db/seed-data/agreement-v1.json";
import v2Fixture from "~/db/seed-data/agreement-v2.json";
import { buildAgreementDocx } from "~/server/export/agreementDocx";
import { DRAFT_HEADER } from "~/server/export/agreementLayout";
import { fixtureAgreementExport } from "~/server/export/agreementFixture";
import { buildRedlineDocx } from "~/server/export/redlineDocx";
import { agreementContentSchema, type AgreementContent } from "~/shared/agreement";
import { compareAgreements } from "~/shared/diff/compareAgreements";
import { numberAgreement } from "~/shared/numbering";

if (spawnSync("soffice", ["--version"], { timeout: 60_000 }).error) {
  throw new Error("document reader tests need LibreOffice Writer (soffice): apt-get install -y libreoffice-writer-nogui");
}

/** One LibreOffice run may take a while on a loaded machine; beyond this it is stuck, not slow. */
const SOFFICE_TIMEOUT_MS = 120_000;

const workDir = mkdtempSync(join(tmpdir(), "tongshang-lo-"));
const profile = mkdtempSync(join(tmpdir(), "tongshang-lo-profile-"));
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

/** Converts files with headless LibreOffice into `format` (pdf, odt); returns the output paths. */
function convert(paths: string[], format: string): string[] {
  const outDir = mkdtempSync(join(workDir, `${format}-`));
  const result = spawnSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", format, "--outdir", outDir, ...paths], {
    encoding: "utf8",
    timeout: SOFFICE_TIMEOUT_MS,
  });
  expect(result.error, `soffice ${result.stderr}`).toBeUndefined();
  expect(result.status, `soffice: ${result.stdout} ${result.stderr}`).toBe(0);
  return paths.map((path) => {
    const out = join(outDir, basename(path).replace(/\.docx$/, `.${format}`));
    expect(existsSync(out), `LibreOffice wrote ${out}`).toBe(true);
    return out;
  });
}

const v1 = agreementContentSchema.parse(v1Fixture);
const v2 = agreementContentSchema.parse(v2Fixture);
const squash = (text: string) => text.replace(/\s+/gu, "");

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
    e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

/**
 * The paragraphs of an ODF text document (content.xml) with every tracked change accepted or rejected.
 * LibreOffice writes both kinds as a range in the body (<text:change-start/> … <text:change-end/>)
 * whose kind is in <text:tracked-changes>; the ODF 1.2 form of a deletion (its content inside the
 * <text:deletion>, a <text:change/> point in the body) is read too. Dropping a range that crosses
 * a paragraph end merges the paragraphs, as the word processor does.
 */
function paragraphsAfter(fodt: string, outcome: "accepted" | "rejected"): string[] {
  const kinds = new Map<string, { kind: "insertion" | "deletion"; content: string }>();
  for (const region of fodt.matchAll(/<text:changed-region\b[^>]*\btext:id="([^"]+)"[^>]*>([\s\S]*?)<\/text:changed-region>/g)) {
    const kind = /<text:insertion\b/.test(region[2]!) ? "insertion" : "deletion";
    const content = region[2]!.replace(/<office:change-info>[\s\S]*?<\/office:change-info>/, "").replace(/^[\s\S]*?<text:deletion>|<\/text:deletion>[\s\S]*$/g, "");
    // The deleted paragraphs' first and last merge with the text around the change point: no break after the last.
    kinds.set(region[1]!, { kind, content: content.replace(/<\/text:(?:p|h)>(?![\s\S]*<\/text:(?:p|h)>)/, "") });
  }
  const body = fodt.slice(fodt.indexOf("<office:text"), fodt.indexOf("</office:text>")).replace(/<text:tracked-changes[\s\S]*?<\/text:tracked-changes>/, "");
  const paragraphs: string[] = [""];
  const dropped = new Set<string>();
  const keep = (id: string) => (kinds.get(id)?.kind === "insertion") === (outcome === "accepted");
  const walk = (xml: string) => {
    for (const token of xml.matchAll(/<text:change-start text:change-id="([^"]+)"\/>|<text:change-end text:change-id="([^"]+)"\/>|<text:change text:change-id="([^"]+)"\/>|<\/text:(?:p|h)>|<text:s(?: text:c="(\d+)")?\/>|<text:(?:tab|line-break)\/>|<[^>]+>|([^<]+)/g)) {
      const [tag, start, end, point, spaces, text] = token;
      if (start) {
        if (!keep(start)) dropped.add(start);
      } else if (end) dropped.delete(end);
      else if (point) {
        if (outcome === "rejected") walk(kinds.get(point)?.content ?? "");
      } else if (dropped.size > 0) continue;
      else if (tag === "</text:p>" || tag === "</text:h>") paragraphs.push("");
      else if (spaces !== undefined || tag === "<text:s/>") paragraphs[paragraphs.length - 1] += " ".repeat(Number(spaces ?? 1));
      else if (tag === "<text:tab/>" || tag === "<text:line-break/>") paragraphs[paragraphs.length - 1] += " ";
      else if (text !== undefined) paragraphs[paragraphs.length - 1] += unescapeXml(text);
    }
  };
  walk(body.replace(/<office:annotation\b[\s\S]*?<\/office:annotation>/g, ""));
  return paragraphs.map((p) => p.trim()).filter(Boolean);
}

/** content.xml of an ODT package. */
async function odtContent(path: string): Promise<string> {
  return (await JSZip.loadAsync(readFileSync(path))).file("content.xml")!.async("string");
}

/** A copy of a DOCX without its comments: the parts, their relationships and every anchor in the text. */
async function withoutComments(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  for (const name of Object.keys(zip.files)) if (/^word\/comments\w*\.xml$/.test(name)) zip.remove(name);
  const edit = async (name: string, change: (xml: string) => string) => {
    const file = zip.file(name);
    if (file) zip.file(name, change(await file.async("string")));
  };
  await edit("word/document.xml", (xml) =>
    xml
      .replace(/<w:commentRange(?:Start|End)\b[^>]*\/>/g, "")
      .replace(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:commentReference\b[^>]*\/>(?:(?!<\/w:r>)[\s\S])*?<\/w:r>/g, "")
      .replace(/<w:r>\s*<w:rPr>(?:(?!<\/w:r>)[\s\S])*?<\/w:rPr>\s*<w:commentReference\b[^>]*\/>\s*<\/w:r>/g, ""),
  );
  await edit("word/_rels/document.xml.rels", (xml) => xml.replace(/<Relationship\b[^>]*Target="comments\w*\.xml"[^>]*\/>/g, ""));
  await edit("[Content_Types].xml", (xml) => xml.replace(/<Override\b[^>]*PartName="\/word\/comments\w*\.xml"[^>]*\/>/g, ""));
  return zip.generateAsync({ type: "nodebuffer" });
}

/** The agreement's text, clause by clause, as heading then body, without article numbers. */
const clauseLines = (agreement: AgreementContent) => agreement.clauses.flatMap((clause) => [clause.title, clause.body]);
const withoutArticleNumber = (line: string) => line.replace(/^第[一二三四五六七八九十百千零]+条\u3000/, "");

describe("E-10 the agreement DOCX in LibreOffice", () => {
  let pdfTexts: { name: string; content: AgreementContent; text: string }[];
  beforeAll(async () => {
    const cases = [
      { name: "signed-v2", content: v2, status: "signed" as const },
      { name: "draft-v1", content: v1, status: "draft" as const },
    ];
    const paths = await Promise.all(
      cases.map(async (c) => {
        const path = join(workDir, `${c.name}.docx`);
        writeFileSync(path, await buildAgreementDocx(fixtureAgreementExport({ status: c.status, content: c.content })));
        return path;
      }),
    );
    const pdfs = convert(paths, "pdf");
    // The GB/T 9704 page number (— 1 —) and a draft's running header are page furniture: where a
    // clause runs over a page break pdftotext reads them inside it, and where the break falls
    // depends on the fonts installed. The export tests assert the header itself.
    const withoutPageNumbers = (text: string) => squash(text).replace(/—\d+—/gu, "").replaceAll(squash(DRAFT_HEADER), "");
    pdfTexts = cases.map((c, i) => ({ name: c.name, content: c.content, text: withoutPageNumbers(execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdfs[i]!, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) }));
  }, 3 * SOFFICE_TIMEOUT_MS);

  it("renders to PDF with every article — 第N条, title, body — in document order", () => {
    for (const { name, content, text } of pdfTexts) {
      const numbering = numberAgreement(content.clauses);
      let from = 0;
      content.clauses.forEach((clause, i) => {
        const expected = squash(`${numbering[i]!.articleLabel}${clause.title}${clause.body}`);
        const at = text.indexOf(expected, from);
        expect(at, `${name}: ${numbering[i]!.articleLabel} ${expected.slice(0, 24)}…`).toBeGreaterThanOrEqual(0);
        from = at + expected.length;
      });
      expect(text, name).toContain("附件");
    }
  });
});

describe("E-10 the redline DOCX in LibreOffice", () => {
  let redline: Buffer;
  let stripped: string;
  let original: string;
  beforeAll(async () => {
    redline = await buildRedlineDocx(compareAgreements(v1, v2), {
      fromLabel: "工会方首轮提案",
      toLabel: "平台方回应稿",
      author: "平台方",
      date: new Date("2026-03-01T09:30:00Z"),
      agreementTitle: v2.title,
    });
    const originalPath = join(workDir, "redline.docx");
    const strippedPath = join(workDir, "redline-no-comments.docx");
    writeFileSync(originalPath, redline);
    writeFileSync(strippedPath, await withoutComments(redline));
    // Separate runs: a crash on the commented original must not take the accept/reject check with it.
    // ODT, not flat ODT: LibreOffice pretty-prints .fodt, adding whitespace inside paragraphs.
    stripped = await odtContent(convert([strippedPath], "odt")[0]!);
    original = await odtContent(convert([originalPath], "odt")[0]!);
  }, 3 * SOFFICE_TIMEOUT_MS);

  it("reads the tracked changes as insertions and deletions", () => {
    expect(stripped).toMatch(/<text:changed-region\b[\s\S]*?<text:insertion>/);
    expect(stripped).toMatch(/<text:changed-region\b[\s\S]*?<text:deletion>/);
  });

  it("accepting every change gives exactly the newer version's text", () => {
    // The first two paragraphs are the agreement's title and the 修订对照 line.
    expect(paragraphsAfter(stripped, "accepted").slice(2).map(withoutArticleNumber)).toEqual(clauseLines(v2));
  });

  it("rejecting every change gives the older version's text (the moved clause at its new place)", () => {
    const rejected = paragraphsAfter(stripped, "rejected").slice(2).map(withoutArticleNumber);
    expect(new Set(rejected)).toEqual(new Set(clauseLines(v1)));
    expect(rejected).toHaveLength(clauseLines(v1).length);
  });

  it("keeps every comment of the DOCX as a LibreOffice annotation", async () => {
    const comments = await JSZip.loadAsync(redline).then((zip) => zip.file("word/comments.xml")?.async("string") ?? "");
    const commentTexts = [...comments.matchAll(/<w:comment\b[\s\S]*?<\/w:comment>/g)].map((c) => [...c[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1]!)).join(""));
    expect(commentTexts.length).toBeGreaterThan(0);
    const annotations = [...original.matchAll(/<office:annotation\b[\s\S]*?<\/office:annotation>/g)].map((a) =>
      squash(unescapeXml(a[0].replace(/<dc:creator>[\s\S]*?<\/dc:creator>|<dc:date>[\s\S]*?<\/dc:date>|<meta:[^>]*>[\s\S]*?<\/meta:[^>]*>/g, "").replace(/<[^>]+>/g, ""))),
    );
    expect(annotations).toEqual(commentTexts.map(squash));
    // The stripped copy really has none, so the accept/reject reading above saw no comment.
    expect(stripped).not.toContain("<office:annotation");
  });
});
