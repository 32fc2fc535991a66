/**
 * The CJK font every PDF export embeds, and what it can draw.
 *
 * The font comes from the npm package @expo-google-fonts/noto-serif-sc (OFL): static TrueType
 * (glyf) instances of Noto Serif SC, 400 and 700 used here. Subsetting is the known trap with CJK
 * fonts in JS PDF libraries: fontkit forks older than 1.8/1.9 (still inside pdf-lib) write short
 * `loca` tables that blank out glyphs and corrupt CID-keyed CFF fonts (Noto Sans CJK .otf)
 * outright. pdfkit 0.20 uses fontkit 2, which has both fixes, and the tests read back the glyph
 * tables of the embedded subsets. No system font and no browser is needed.
 *
 * Characters the font cannot draw are handled here, not left to the font's .notdef box: invisible
 * format characters (bidi overrides, zero-width spaces) are dropped — pdfkit applies no bidi
 * algorithm, so the PDF shows the stored order anyway — and visible characters outside the font
 * (CJK Extension B such as 𠀀, emoji) are printed as 〓, the typesetter's mark for a missing
 * character.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const PDF_FONT_FILES = {
  regular: "@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf",
  bold: "@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf",
} as const;
export type FontKey = keyof typeof PDF_FONT_FILES;

/** The typesetter's mark (U+3013 GETA MARK) printed where the font has no glyph. */
export const MISSING_GLYPH_MARK = "〓";

export interface LoadedFont {
  data: Buffer;
  covers: (codePoint: number) => boolean;
}
const loadedFonts = new Map<FontKey, LoadedFont>();

/** Reads a font of the package once per process (15 MB each; the PDF embeds only the glyphs used). */
export function loadFont(key: FontKey): LoadedFont {
  let font = loadedFonts.get(key);
  if (!font) {
    const data = readFileSync(require.resolve(PDF_FONT_FILES[key]));
    font = { data, covers: cmapCoverage(data) };
    loadedFonts.set(key, font);
  }
  return font;
}

/**
 * Which code points a TrueType font maps to a glyph, read from its cmap (format 12, else format 4).
 * Enough of the OpenType spec to know what the font can draw before fontkit silently draws .notdef.
 */
export function cmapCoverage(font: Buffer): (codePoint: number) => boolean {
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    if (font.toString("latin1", record, record + 4) === "cmap") cmap = font.readUInt32BE(record + 8);
  }
  if (cmap < 0) throw new Error("字体缺少 cmap 表,无法用于导出");
  const ranges: Array<[number, number]> = [];
  const subtables = font.readUInt16BE(cmap + 2);
  let format4 = -1;
  for (let i = 0; i < subtables; i++) {
    const platform = font.readUInt16BE(cmap + 4 + 8 * i);
    const encoding = font.readUInt16BE(cmap + 6 + 8 * i);
    const offset = cmap + font.readUInt32BE(cmap + 8 + 8 * i);
    const format = font.readUInt16BE(offset);
    if (format === 12 && ranges.length === 0) {
      const groups = font.readUInt32BE(offset + 12);
      for (let g = 0; g < groups; g++) {
        ranges.push([font.readUInt32BE(offset + 16 + 12 * g), font.readUInt32BE(offset + 20 + 12 * g)]);
      }
    } else if (format === 4 && (platform === 3 || platform === 0) && encoding !== 0) {
      format4 = offset;
    }
  }
  if (ranges.length === 0 && format4 >= 0) {
    const segments = font.readUInt16BE(format4 + 6) / 2;
    for (let s = 0; s < segments; s++) {
      const end = font.readUInt16BE(format4 + 14 + 2 * s);
      const start = font.readUInt16BE(format4 + 16 + 2 * segments + 2 * s);
      if (start !== 0xffff) ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  return (codePoint) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = ranges[mid]!;
      if (codePoint < start) hi = mid - 1;
      else if (codePoint > end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** Invisible characters: controls, format characters (U+200B, U+202E, U+FEFF …), variation selectors. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

/** The text as the PDF can draw it, and how many characters had to be marked 〓. */
export function pdfDrawableText(text: string, covers: (codePoint: number) => boolean): { text: string; missing: number } {
  let out = "";
  let missing = 0;
  for (const ch of text) {
    if (ch === "\n") out += ch;
    else if (ch === "\t") out += " ";
    else if (INVISIBLE.test(ch)) continue;
    else if (covers(ch.codePointAt(0)!)) out += ch;
    else {
      out += MISSING_GLYPH_MARK;
      missing++;
    }
  }
  return { text: out, missing };
}
