/**
 * E-11: the DOCX and the PDF print the one page of ./pageSpec — the same paper, margins and line
 * pitch, each in its own unit — read back from the files, not from the builders.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { buildAgreementDocx } from "./agreementDocx";
import { fixtureAgreementExport } from "./agreementFixture";
import { buildAgreementPdf } from "./agreementPdf";
import { PAGE_SPEC, POINTS_PER_CM, toHalfPoints, toTwips } from "./pageSpec";

const workDir = mkdtempSync(join(tmpdir(), "tongshang-page-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("E-11 one page spec, converted per format", () => {
  it("converts points to twips and half-points (A4 is 11906 × 16838 twips, 三号 is 32 half-points)", () => {
    expect([toTwips(PAGE_SPEC.paper.width), toTwips(PAGE_SPEC.paper.height)]).toEqual([11906, 16838]);
    expect(toTwips(PAGE_SPEC.margins.top)).toBe(Math.round((3.7 * 1440) / 2.54));
    expect(toTwips(PAGE_SPEC.linePitch)).toBe(580);
    expect(toHalfPoints(PAGE_SPEC.size.body)).toBe(32);
    expect(PAGE_SPEC.margins.left).toBeCloseTo(2.8 * POINTS_PER_CM, 6);
    // GB/T 9704: 22 lines of the body fill the 225 mm type area.
    expect((PAGE_SPEC.paper.height - PAGE_SPEC.margins.top - PAGE_SPEC.margins.bottom) / PAGE_SPEC.linePitch).toBeCloseTo(22, 0);
  });

  it("the DOCX section and the PDF page carry the same paper, margins and body line pitch", async () => {
    const model = fixtureAgreementExport({ status: "signed" });
    const xml = await (await JSZip.loadAsync(await buildAgreementDocx(model))).file("word/document.xml")!.async("string");
    const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(xml)!;
    const margins = Object.fromEntries([.../<w:pgMar\s([^>]*)\/>/.exec(xml)![1]!.matchAll(/w:(\w+)="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]));
    const twipsToPoints = (twips: number) => twips / 20;
    expect(twipsToPoints(Number(size[1]))).toBeCloseTo(PAGE_SPEC.paper.width, 0);
    expect(twipsToPoints(Number(size[2]))).toBeCloseTo(PAGE_SPEC.paper.height, 0);
    for (const side of ["top", "bottom", "left", "right"] as const) expect(twipsToPoints(margins[side]!)).toBeCloseTo(PAGE_SPEC.margins[side], 0);
    expect(xml).toContain(`w:line="${toTwips(PAGE_SPEC.linePitch)}" w:lineRule="exact"`);

    const path = join(workDir, "page.pdf");
    writeFileSync(path, await buildAgreementPdf(model));
    const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
    const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(width)).toBeCloseTo(PAGE_SPEC.paper.width, 1);
    expect(Number(height)).toBeCloseTo(PAGE_SPEC.paper.height, 1);
    // Consecutive body lines of page 2 sit one line pitch apart, the first line at the top margin.
    const boxes = [...execFileSync("pdftotext", ["-f", "2", "-l", "2", "-bbox", path, "-"], { encoding: "utf8" }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((m) => ({ x: Number(m[1]), top: Number(m[2]), bottom: Number(m[3]) }));
    const lineTops = [...new Set(boxes.filter((b) => b.bottom - b.top > 20 && b.bottom - b.top < 25).map((b) => b.top.toFixed(2)))].map(Number).sort((a, b) => a - b);
    const steps = lineTops.slice(1).map((top, i) => top - lineTops[i]!);
    expect(steps.filter((step) => Math.abs(step - PAGE_SPEC.linePitch) < 0.01).length).toBeGreaterThan(steps.length / 2);
    expect(lineTops[0]).toBeGreaterThanOrEqual(PAGE_SPEC.margins.top - 1);
    expect(Math.min(...boxes.map((b) => b.x))).toBeCloseTo(PAGE_SPEC.margins.left, 0);
  });
});
