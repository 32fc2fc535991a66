import * as Y from "yjs";
import { MAX_BODY_CHARS, MAX_CLAUSES, MAX_TITLE_CHARS } from "~/shared/agreement";
import { CLAUSES_KEY, META_KEY } from "~/shared/collab/docShape";
import { REFUSAL_REASONS, type RefusalReason } from "~/shared/collab/protocol";
import { MAX_DRAFT_BYTES } from "~/shared/schemas/negotiation";

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Where a type sits in the contract's shape (shared/collab/docShape.ts). Only these places may
 * hold content: the two root maps, a clause map, and the four kinds of plain text.
 */
type Role =
  | { kind: "clauses" }
  | { kind: "meta" }
  | { kind: "foreign" }
  | { kind: "clause"; id: string }
  | { kind: "text"; key: string; limit: number; reason: RefusalReason; text: Y.Text | null }
  | { kind: "other" };

/** Where a new struct lands: the type it joins and the map key it sets (null in a text). */
interface Place {
  parent: Role;
  sub: string | null;
}
/** `unresolved`: it builds on content the server lacks (Yjs holds it pending; it is inspected again when it integrates). `gc`: Yjs integrates it as garbage. */
type Resolution = Place | "unresolved" | "gc";

const TEXT_LIMITS = {
  title: { limit: MAX_TITLE_CHARS, reason: REFUSAL_REASONS.titleTooLong },
  body: { limit: MAX_BODY_CHARS, reason: REFUSAL_REASONS.bodyTooLong },
} as const;

/** UTF-16 units of text never take more than 3 bytes of UTF-8: below this the exact byte count is not needed. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** A primitive map value (position, topic, or a wrong-shaped one C-11 repairs) is at most this long as JSON. */
const MAX_VALUE_CHARS = MAX_TITLE_CHARS;

/** The role of a type whose own item lands at `place`, given the type's class. */
function typeRole(place: Place, type: unknown): Role {
  const { parent, sub } = place;
  if (parent.kind === "clauses" && sub !== null && (type as object).constructor === Y.Map) return { kind: "clause", id: sub };
  if (parent.kind === "clause" && (sub === "title" || sub === "body") && (type as object).constructor === Y.Text) {
    return { kind: "text", key: `${parent.id}\u0000${sub}`, ...TEXT_LIMITS[sub], text: type instanceof Y.Text && type.doc ? type : null };
  }
  if (parent.kind === "meta" && sub === "title" && (type as object).constructor === Y.Text) {
    return { kind: "text", key: "\u0000meta", ...TEXT_LIMITS.title, text: type instanceof Y.Text && type.doc ? type : null };
  }
  return { kind: "other" };
}

function rootRole(name: string): Role {
  return name === CLAUSES_KEY ? { kind: "clauses" } : name === META_KEY ? { kind: "meta" } : { kind: "foreign" };
}

/** Roles of the document's own types never change: cached across updates. */
const docRoles = new WeakMap<Y.AbstractType<unknown>, Role>();

function docTypeRole(doc: Y.Doc, type: Y.AbstractType<unknown>): Role {
  const cached = docRoles.get(type);
  if (cached) return cached;
  const item = type._item;
  const role = item === null ? rootRole(Y.findRootTypeKey(type)) : typeRole({ parent: docTypeRole(doc, item.parent as Y.AbstractType<unknown>), sub: item.parentSub }, type);
  docRoles.set(type, role);
  return role;
}

/** The struct of the document that holds `id`, if the document has that clock yet. */
function docStruct(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | null {
  if (Y.getState(doc.store, id.client) <= id.clock) return null;
  return Y.getItem(doc.store, id) as Y.Item | Y.GC;
}

/**
 * The new structs of one update and where each lands. A class, not closures: this runs per
 * keystroke, and allocating a handful of functions and maps each time showed in profiles.
 */
class Landing {
  /** New structs by client, sorted by clock, to find origins inside the update itself. */
  readonly fresh = new Map<number, Y.Item[]>();
  private readonly resolved = new Map<Y.Item, Resolution>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly limit: number,
  ) {}

  add(item: Y.Item): void {
    const list = this.fresh.get(item.id.client);
    if (list) list.push(item);
    else this.fresh.set(item.id.client, [item]);
  }

  sort(): void {
    for (const list of this.fresh.values()) if (list.length > 1) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  private freshAt(id: Y.ID): Y.Item | null {
    const list = this.fresh.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid];
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s;
    }
    return null;
  }

  private placeOfRef(id: Y.ID, depth: number): Resolution {
    const known = docStruct(this.doc, id);
    if (known) return known instanceof Y.Item ? { parent: docTypeRole(this.doc, known.parent as Y.AbstractType<unknown>), sub: known.parentSub } : "gc";
    const item = this.freshAt(id);
    return item ? this.resolve(item, depth + 1) : "unresolved";
  }

  private roleOfParentItem(id: Y.ID, depth: number): Role | "unresolved" | "gc" {
    const known = docStruct(this.doc, id);
    if (known) return known instanceof Y.Item && known.content instanceof Y.ContentType ? docTypeRole(this.doc, known.content.type) : "gc";
    const item = this.freshAt(id);
    if (!item) return "unresolved";
    const place = this.resolve(item, depth + 1);
    if (typeof place === "string") return place;
    return item.content instanceof Y.ContentType ? typeRole(place, item.content.type) : "gc";
  }

  /**
   * An item's parent is written only when it has no neighbours; otherwise it is its neighbour's
   * (Yjs: origin first, then right origin; a garbage-collected neighbour makes it garbage).
   */
  resolve(item: Y.Item, depth = 0): Resolution {
    const done = this.resolved.get(item);
    if (done) return done;
    // A chain of origins inside one update longer than its struct count is a cycle: Yjs cannot integrate it either.
    if (depth > this.limit) return "unresolved";
    let result: Resolution;
    const parent = item.parent as unknown;
    if (typeof parent === "string") result = { parent: rootRole(parent), sub: item.parentSub };
    else if (parent !== null && typeof parent === "object" && "client" in parent) {
      const role = this.roleOfParentItem(parent as Y.ID, depth);
      result = typeof role === "string" ? role : { parent: role, sub: item.parentSub };
    } else {
      const left = item.origin ? this.placeOfRef(item.origin, depth) : null;
      const right = item.rightOrigin ? this.placeOfRef(item.rightOrigin, depth) : null;
      if (left === "unresolved" || right === "unresolved") result = "unresolved";
      else if (left === "gc" || right === "gc" || (!left && !right)) result = "gc";
      else result = (left ?? right)!;
    }
    this.resolved.set(item, result);
    return result;
  }
}

/** Characters a struct adds that the document lacks (a struct may overlap what it has). */
function unknownPart(doc: Y.Doc, item: Y.Item): number {
  return item.length - Math.max(0, Y.getState(doc.store, item.id.client) - item.id.clock);
}

interface TextGrowth {
  role: Extract<Role, { kind: "text" }>;
  chars: number;
}

/** Whether each grown text stays within its limit, given what the update deletes from it. */
function overLimit(added: Map<string, TextGrowth>, deleted: Map<string, number> | null): RefusalReason | null {
  for (const [key, { role, chars }] of added) {
    const removed = deleted?.get(key) ?? 0;
    if (chars > removed && (role.text?.length ?? 0) + chars - removed > role.limit) return role.reason;
  }
  return null;
}

/**
 * Judges a client's update against the document it would join, before it touches it (C-15):
 * content only where the shape has it (no new root types, no `meta` key but `title`, no embeds,
 * formatting or nested types, plain strings in texts), and the import's limits — a clause's body
 * at most MAX_BODY_CHARS, titles MAX_TITLE_CHARS, MAX_CLAUSES clauses, the texts together at most
 * MAX_DRAFT_BYTES of UTF-8 — counted with the deletions the same update makes. It reads the
 * decoded structs once (no copy of the document), so an ordinary keystroke costs a lookup or two.
 * Returns the reason to refuse it, or null.
 */
export function inspectUpdate(doc: Y.Doc, update: DecodedUpdate): RefusalReason | null {
  if (update.structs.length === 1 && update.ds.clients.size === 0) {
    const typed = typedCharacters(doc, update.structs[0]!);
    if (typed !== undefined) return typed;
  }
  const landing = new Landing(doc, update.structs.length + 1);
  for (const struct of update.structs) {
    // Structs the document already has are skipped by Yjs.
    if (struct instanceof Y.Item && struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) landing.add(struct);
  }
  if (landing.fresh.size === 0) return null;
  landing.sort();

  // What the update adds: characters per text, new clause keys; and every shape rule.
  const added = new Map<string, TextGrowth>();
  let clausesMap: Y.Map<unknown> | null = null;
  let newClauseKeys: Set<string> | null = null;
  let addedChars = 0;
  for (const list of landing.fresh.values()) {
    for (const item of list) {
      const place = landing.resolve(item);
      if (typeof place === "string") continue;
      const refusal = shapeRefusal(place, item.content);
      if (refusal) return refusal;
      const { parent } = place;
      if (parent.kind === "clauses" && place.sub !== null) {
        clausesMap ??= doc.getMap<unknown>(CLAUSES_KEY);
        if (!clausesMap.has(place.sub)) (newClauseKeys ??= new Set()).add(place.sub);
      } else if (parent.kind === "text" && item.content instanceof Y.ContentString) {
        const chars = unknownPart(doc, item);
        const growth = added.get(parent.key);
        if (growth) growth.chars += chars;
        else added.set(parent.key, { role: parent, chars });
        addedChars += chars;
      }
    }
  }
  if (newClauseKeys && clausesMap && clausesMap.size + newClauseKeys.size > MAX_CLAUSES) return REFUSAL_REASONS.tooManyClauses;
  if (addedChars === 0) return null;

  // Deletions only make room: they are counted when the additions alone would pass a limit.
  const documentChars = shapeTextChars(doc);
  const quick = overLimit(added, null);
  if (!quick && (documentChars + addedChars) * MAX_UTF8_BYTES_PER_UNIT <= MAX_DRAFT_BYTES) return null;

  const deleted = deletedChars(doc, update, landing);
  const exact = overLimit(added, deleted.byKey);
  if (exact) return exact;
  const netChars = addedChars - deleted.chars;
  if (netChars <= 0 || (documentChars + netChars) * MAX_UTF8_BYTES_PER_UNIT <= MAX_DRAFT_BYTES) return null;
  // Near the document limit (texts over ~700,000 characters): count UTF-8 bytes exactly.
  let addedBytes = 0;
  for (const list of landing.fresh.values()) {
    for (const item of list) {
      const place = landing.resolve(item);
      if (typeof place !== "object" || place.parent.kind !== "text" || !(item.content instanceof Y.ContentString)) continue;
      addedBytes += Buffer.byteLength(item.content.str.slice(item.length - unknownPart(doc, item)));
    }
  }
  return shapeTextBytes(doc) + addedBytes - deleted.bytes > MAX_DRAFT_BYTES ? REFUSAL_REASONS.documentTooLarge : null;
}

/**
 * An ordinary keystroke — one plain string beside text the document has, deleting nothing — is
 * judged without the general walk (which allocates its maps per update): it passes when its text
 * and the document stay within their limits. Returns undefined for anything else, or near a
 * limit, and the general walk decides.
 */
function typedCharacters(doc: Y.Doc, struct: DecodedUpdate["structs"][number]): null | undefined {
  if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString) || struct.parentSub !== null) return undefined;
  const left = struct.origin ? docStruct(doc, struct.origin) : null;
  const right = struct.rightOrigin ? docStruct(doc, struct.rightOrigin) : null;
  if ((struct.origin && !(left instanceof Y.Item)) || (struct.rightOrigin && !(right instanceof Y.Item))) return undefined;
  const neighbour = (left ?? right) as Y.Item | null;
  if (!neighbour) return undefined;
  const role = docTypeRole(doc, neighbour.parent as Y.AbstractType<unknown>);
  if (role.kind !== "text" || neighbour.parentSub !== null) return undefined;
  const chars = unknownPart(doc, struct);
  if (chars <= 0) return null; // the document has all of it already: Yjs skips it
  if ((role.text?.length ?? 0) + chars > role.limit) return undefined;
  return (shapeTextChars(doc) + chars) * MAX_UTF8_BYTES_PER_UNIT <= MAX_DRAFT_BYTES ? null : undefined;
}

/** The shape rule one new struct breaks, if any. Wrong-shaped primitives are left to C-11's repair. */
function shapeRefusal(place: Place, content: Y.Item["content"]): RefusalReason | null {
  const { parent, sub } = place;
  if (parent.kind === "foreign") return REFUSAL_REASONS.unknownRoot;
  if (parent.kind === "other") return REFUSAL_REASONS.nesting;
  if (content instanceof Y.ContentDeleted) return null; // occupies clocks, holds nothing
  if (parent.kind === "text") {
    return sub === null && content instanceof Y.ContentString ? null : REFUSAL_REASONS.notPlainText;
  }
  // The three maps: every entry has a key, and a value that is a primitive or the one type the shape puts there.
  if (sub === null) return REFUSAL_REASONS.nesting;
  if (parent.kind === "meta" && sub !== "title") return REFUSAL_REASONS.unknownKey;
  if (sub.length > MAX_VALUE_CHARS) return REFUSAL_REASONS.valueTooLong;
  if (content instanceof Y.ContentType) {
    const role = typeRole(place, content.type);
    return role.kind === "other" ? REFUSAL_REASONS.nesting : null;
  }
  if (content instanceof Y.ContentAny) {
    return JSON.stringify(content.arr).length > MAX_VALUE_CHARS + 2 ? REFUSAL_REASONS.valueTooLong : null;
  }
  return REFUSAL_REASONS.nesting; // binary, embeds, formats, JSON, sub-documents
}

/** The shape's texts: the agreement title and each clause's title and body. */
function* shapeTexts(doc: Y.Doc): Generator<Y.Text> {
  const title = doc.getMap<unknown>(META_KEY).get("title");
  if (title instanceof Y.Text) yield title;
  for (const clause of doc.getMap<unknown>(CLAUSES_KEY).values()) {
    if (!(clause instanceof Y.Map)) continue;
    for (const field of ["title", "body"]) {
      const text = clause.get(field);
      if (text instanceof Y.Text) yield text;
    }
  }
}

/**
 * The shape's texts of each document, kept between keystrokes: walking every clause per keystroke
 * showed in profiles. A transaction that changes the clause list, a clause's fields or `meta`
 * drops the list (typing inside a text changes none of them).
 */
const textLists = new WeakMap<Y.Doc, { texts: Y.Text[] | null }>();

function shapeTextList(doc: Y.Doc): Y.Text[] {
  let list = textLists.get(doc);
  if (!list) {
    const entry: { texts: Y.Text[] | null } = { texts: null };
    const clauses = doc.getMap<unknown>(CLAUSES_KEY);
    const meta = doc.getMap<unknown>(META_KEY);
    doc.on("afterTransaction", (transaction: Y.Transaction) => {
      if (entry.texts === null) return;
      for (const type of transaction.changed.keys()) {
        if ((type as unknown) === clauses || (type as unknown) === meta || type._item?.parent === clauses) {
          entry.texts = null;
          return;
        }
      }
    });
    textLists.set(doc, (list = entry));
  }
  return (list.texts ??= [...shapeTexts(doc)]);
}

function shapeTextChars(doc: Y.Doc): number {
  let chars = 0;
  for (const text of shapeTextList(doc)) chars += text.length;
  return chars;
}

function shapeTextBytes(doc: Y.Doc): number {
  let bytes = 0;
  for (const text of shapeTextList(doc)) bytes += Buffer.byteLength(text.toString());
  return bytes;
}

/** Characters (per text, and in all, with their UTF-8 bytes) that the update's deletions remove from the shape's texts. */
function deletedChars(doc: Y.Doc, update: DecodedUpdate, landing: Landing): { byKey: Map<string, number>; chars: number; bytes: number } {
  const byKey = new Map<string, number>();
  let chars = 0;
  let bytes = 0;
  const count = (item: Y.Item, role: Role, from: number, to: number) => {
    if (role.kind !== "text" || !(item.content instanceof Y.ContentString)) return;
    const start = Math.max(from, item.id.clock) - item.id.clock;
    const end = Math.min(to, item.id.clock + item.length) - item.id.clock;
    if (end <= start) return;
    byKey.set(role.key, (byKey.get(role.key) ?? 0) + end - start);
    chars += end - start;
    bytes += Buffer.byteLength(item.content.str.slice(start, end));
  };
  for (const [client, ranges] of update.ds.clients) {
    const known = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client);
    for (const { clock, len } of ranges) {
      const end = clock + len;
      if (structs && clock < known) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
          const struct = structs[i];
          if (struct instanceof Y.Item && !struct.deleted) count(struct, docTypeRole(doc, struct.parent as Y.AbstractType<unknown>), clock, end);
        }
      }
      for (const item of landing.fresh.get(client) ?? []) {
        const place = landing.resolve(item);
        if (typeof place === "object" && item.id.clock < end && item.id.clock + item.length > clock) count(item, place.parent, Math.max(clock, known), end);
      }
    }
  }
  return { byKey, chars, bytes };
}
