/**
 * Reads the logical structure of a tagged PDF as a screen reader or a PDF/UA checker does: the
 * catalog (language, MarkInfo, viewer preferences), the structure tree from StructTreeRoot in
 * order, and the text of each element — its marked-content sequences (MCIDs) found in the page
 * content streams, glyph codes turned into text through each font's ToUnicode CMap — plus the
 * text of the artifacts. Enough of ISO 32000-1 (§7.3, §9.10.3, §14.6–14.8) for the files pdfkit
 * writes: plain `N 0 obj` objects, Flate streams, Identity-H fonts. No pdfkit code is used.
 */
import { inflateSync } from "node:zlib";

export interface StructElement {
  type: string;
  text: string;
  children: StructElement[];
}

export interface PdfStructure {
  catalog: { lang?: string; marked: boolean; displayDocTitle: boolean; hasMetadata: boolean };
  root: StructElement[];
  /** The text inside /Artifact marked content, per page. */
  artifacts: string[][];
  /** Text shown outside any marked content, per page (should be none in a tagged PDF). */
  unmarked: string[];
}

interface RawObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, RawObject> {
  const text = pdf.toString("latin1");
  const out = new Map<number, RawObject>();
  for (const m of text.matchAll(/(?:^|\n)(\d+) 0 obj\s*([\s\S]*?)\nendobj/g)) {
    const body = m[2]!;
    const at = body.indexOf("\nstream\n");
    if (at < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    const start = m.index! + m[0].indexOf(body) + at + "\nstream\n".length;
    const raw = pdf.subarray(start, start + length);
    out.set(Number(m[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  return out;
}

const ref = (dict: string, key: string) => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

/** ToUnicode CMap of a pdfkit font: bfrange with arrays, and bfchar. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // UTF-16BE code units; a ligature maps to several (<0066 0066> for "ff").
  const hexText = (hex: string) => String.fromCharCode(...(hex.replace(/\s+/g, "").match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of section[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const from = parseInt(m[1]!, 16);
      const to = parseInt(m[2]!, 16);
      if (m[3]!.startsWith("[")) {
        [...m[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((d, i) => map.set(from + i, hexText(d[1]!)));
      } else {
        const base = parseInt(m[3]!.slice(1, -1), 16);
        for (let c = from; c <= to; c++) map.set(c, String.fromCodePoint(base + c - from));
      }
    }
  }
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) map.set(parseInt(m[1]!, 16), hexText(m[2]!));
  }
  return map;
}

export function readPdfStructure(pdf: Buffer): PdfStructure {
  const objs = objects(pdf);
  const trailer = pdf.toString("latin1").slice(pdf.toString("latin1").lastIndexOf("trailer"));
  const catalog = objs.get(ref(trailer, "Root")!)!.dict;
  const viewer = ref(catalog, "ViewerPreferences");
  const markInfo = ref(catalog, "MarkInfo");

  // Pages in order, and the text of every MCID on each page.
  const pagesDict = objs.get(ref(catalog, "Pages")!)!.dict;
  const pageIds = [.../\/Kids \[([^\]]*)\]/.exec(pagesDict)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
  const mcidText = new Map<string, string>();
  const artifacts: string[][] = [];
  const unmarked: string[] = [];
  const cmaps = new Map<number, Map<number, string>>();
  for (const pageId of pageIds) {
    const page = objs.get(pageId)!.dict;
    const resources = objs.get(ref(page, "Resources")!)!.dict;
    const fontRefs = new Map([...(/\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? "").matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    const content = objs.get(ref(page, "Contents")!)!.stream!.toString("latin1");
    const stack: { tag: string; mcid?: number; text: string }[] = [];
    const pageArtifacts: string[] = [];
    let unmarkedText = "";
    let font: Map<number, string> | undefined;
    for (const token of content.matchAll(/\/(\w+) <<\s*([\s\S]*?)>> BDC|\/(\w+) BMC|\bEMC\b|\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (token[1] || token[3]) {
        const mcid = /\/MCID (\d+)/.exec(token[2] ?? "");
        stack.push({ tag: token[1] ?? token[3]!, mcid: mcid ? Number(mcid[1]) : undefined, text: "" });
      } else if (token[0] === "EMC") {
        const done = stack.pop()!;
        if (done.tag === "Artifact") pageArtifacts.push(done.text);
        else if (done.mcid !== undefined) mcidText.set(`${pageId}:${done.mcid}`, done.text);
      } else if (token[4]) {
        const fontId = fontRefs.get(token[4])!;
        if (!cmaps.has(fontId)) {
          const unicode = ref(objs.get(fontId)!.dict, "ToUnicode");
          cmaps.set(fontId, unicode ? toUnicode(objs.get(unicode)!.stream!.toString("latin1")) : new Map());
        }
        font = cmaps.get(fontId);
      } else if (token[5] !== undefined) {
        const text = [...token[5].matchAll(/<([0-9a-f]*)>/gi)]
          .flatMap((h) => (h[1]!.match(/.{4}/g) ?? []).map((code) => font?.get(parseInt(code, 16)) ?? "\uFFFD"))
          .join("");
        if (stack.length > 0) stack[stack.length - 1]!.text += text;
        else unmarkedText += text;
      }
    }
    artifacts.push(pageArtifacts);
    unmarked.push(unmarkedText);
  }

  const element = (id: number): StructElement => {
    const dict = objs.get(id)!.dict;
    const type = /\/S \/(\w+)/.exec(dict)![1]!;
    const kids = /\/K \[([\s\S]*)\]/.exec(dict)?.[1] ?? "";
    const pg = ref(dict.replace(kids, ""), "Pg"); // the element's own page, not one of a marked-content reference in K
    const children: StructElement[] = [];
    let text = "";
    for (const kid of kids.matchAll(/<<([\s\S]*?)>>|(\d+) 0 R|(\d+)/g)) {
      if (kid[1] !== undefined) {
        text += mcidText.get(`${ref(kid[1], "Pg")}:${/\/MCID (\d+)/.exec(kid[1])![1]}`) ?? "";
      } else if (kid[2] !== undefined) {
        const child = element(Number(kid[2]));
        children.push(child);
        text += child.text;
      } else {
        text += mcidText.get(`${pg}:${kid[3]}`) ?? "";
      }
    }
    return { type, text, children };
  };
  const treeRoot = objs.get(ref(catalog, "StructTreeRoot") ?? -1);
  const rootKids = treeRoot ? [.../\/K \[([^\]]*)\]/.exec(treeRoot.dict)![1]!.matchAll(/(\d+) 0 R/g)].map((m) => element(Number(m[1]))) : [];

  return {
    catalog: {
      lang: /\/Lang \(([^)]*)\)/.exec(catalog)?.[1],
      marked: markInfo !== undefined && /\/Marked true/.test(objs.get(markInfo)!.dict),
      displayDocTitle: viewer !== undefined && /\/DisplayDocTitle true/.test(objs.get(viewer)!.dict),
      hasMetadata: ref(catalog, "Metadata") !== undefined,
    },
    root: rootKids,
    artifacts,
    unmarked,
  };
}

/** Every element of a type, in document (depth-first) order. */
export function elementsOfType(elements: readonly StructElement[], type: string): StructElement[] {
  return elements.flatMap((e) => [...(e.type === type ? [e] : []), ...elementsOfType(e.children, type)]);
}
