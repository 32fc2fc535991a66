/**
 * The page of an exported agreement, defined once in points (1 pt = 1/72 in) and converted per
 * format: the PDF writes points as they are, the DOCX converts them to twips and half-points.
 *
 * GB/T 9704-2012 党政机关公文格式: A4 paper; type area 156 × 225 mm, placed by the margins
 * 3.7 cm (top) / 3.5 cm (bottom) / 2.8 cm (left) / 2.6 cm (right); 22 lines of 三号 text in the
 * 225 mm type area, i.e. a 29 pt line pitch; the title in 二号; page numbers in 四号 about 7 mm
 * under the type area. Sizes by Chinese point name: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5.
 */

export const POINTS_PER_CM = 72 / 2.54;
const cm = (value: number) => value * POINTS_PER_CM;

export const PAGE_SPEC = {
  /** A4, 210 × 297 mm, to the hundredth of a point as PDF writers give it (11906 × 16838 twips). */
  paper: { width: 595.28, height: 841.89 },
  margins: { top: cm(3.7), bottom: cm(3.5), left: cm(2.8), right: cm(2.6) },
  /** Top of the page to the draft header line. */
  headerFromTop: cm(1.5),
  /** Bottom of the page to the footer (DOCX); the PDF sets the page number `pageNumberBelowTypeArea` under the type area. */
  footerFromBottom: cm(2.5),
  pageNumberBelowTypeArea: cm(0.7),
  /** Font sizes in points. */
  size: { title: 22, body: 16, appendix: 14, hash: 10.5, pageNumber: 14, header: 12, watermark: 110 },
  /** Baseline to baseline of 三号 body text: 22 lines in the 225 mm type area. */
  linePitch: 29,
  /** The title's line (at least), two lines of 二号. */
  titlePitch: 36,
  /** Appendix (四号) lines keep the body's proportion of pitch to size. */
  appendixPitch: (29 * 14) / 16,
  /** First-line indent of a paragraph: two characters of 三号. */
  indent: 2 * 16,
  /** Vertical space, in points. */
  space: {
    afterTitle: 12,
    /** Before a chapter heading and before each side's signature block: half a line. */
    beforeChapter: 29 / 2,
    beforeSignatureBlock: 29 / 2,
    beforeAppendixSection: 10,
    betweenAppendixGroups: 10,
  },
} as const;

/** The type area's width in points. */
export const TYPE_AREA_WIDTH = PAGE_SPEC.paper.width - PAGE_SPEC.margins.left - PAGE_SPEC.margins.right;

/** DOCX lengths: twentieths of a point, integers. */
export const toTwips = (points: number) => Math.round(points * 20);
/** DOCX font sizes: half-points, integers (三号 16 pt → 32). */
export const toHalfPoints = (points: number) => Math.round(points * 2);
