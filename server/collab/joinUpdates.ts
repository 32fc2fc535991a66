/**
 * Joins stored Yjs updates (V1 encoding) into fewer updates at the byte level, so that opening a
 * long log applies one update per run of rows instead of one per row (issue 18: 20,000 rows, each
 * paying Yjs's decoding and integration set-up). Y.mergeUpdates does the same job but decodes and
 * re-encodes every struct, and measured slower than applying the rows one by one.
 *
 * The V1 layout (yjs src/utils/encoding.js writeClientsStructs, DeleteSet.js writeDeleteSet):
 * varuint numClients, then per client { varuint numStructs, varuint client, varuint clock, structs },
 * then the delete set: varuint numClients, per client { varuint client, varuint numRanges,
 * (varuint clock, varuint len) × numRanges }. A struct is copied as it is; it is parsed only to find
 * where it ends and how many clock units it covers.
 *
 * A row joins the run while, for every client it writes, it starts exactly where the run's structs
 * of that client end (a client's typing continues its own clock); otherwise the run ends before it.
 * Applying the joined update gives the document the rows give applied in turn: the same structs,
 * each client's in clock order, and the same deletions (applied after the run's structs, which
 * Yjs's CRDT makes order-free). A row that cannot be parsed is passed on alone, as stored.
 */

/** One struct section of an update: `count` structs of `client` from `clock`, covering `length` clock units. */
interface Section {
  client: number;
  clock: number;
  length: number;
  count: number;
  bytes: Uint8Array;
}

interface ParsedUpdate {
  sections: Section[];
  /** The delete set: per client, its ranges as clock, length, clock, length… */
  deletes: ReadonlyMap<number, number[]>;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  varUint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.buf.length) throw new RangeError("update ends inside a number");
      const byte = this.buf[this.pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
      if (scale > 2 ** 56) throw new RangeError("number too long");
    }
  }

  skip(bytes: number): void {
    if (this.pos + bytes > this.buf.length) throw new RangeError("update ends inside a value");
    this.pos += bytes;
  }

  /** A varString; returns its length in UTF-16 units (what Yjs counts for string content). */
  varString(): number {
    const bytes = this.varUint();
    const end = this.pos + bytes;
    if (end > this.buf.length) throw new RangeError("update ends inside a string");
    let units = 0;
    for (let i = this.pos; i < end; i++) {
      const byte = this.buf[i]!;
      // A byte that starts a code point; a four-byte one is a surrogate pair in UTF-16.
      if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
    }
    this.pos = end;
    return units;
  }

  /** lib0's readAny, skipped (lib0 encoding.js writeAny). */
  any(depth = 0): void {
    if (depth > 64) throw new RangeError("value nested too deep");
    const tag = this.buf[this.pos++];
    switch (tag) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125: // varInt: the same continuation bit as a varUint
        this.varUint();
        return;
      case 124: // float32
        return this.skip(4);
      case 123: // float64
      case 122: // bigint64
        return this.skip(8);
      case 119:
        this.varString();
        return;
      case 118: {
        const entries = this.varUint();
        for (let i = 0; i < entries; i++) this.varString(), this.any(depth + 1);
        return;
      }
      case 117: {
        const items = this.varUint();
        for (let i = 0; i < items; i++) this.any(depth + 1);
        return;
      }
      case 116:
        return this.skip(this.varUint());
      default:
        throw new RangeError(`unknown value tag ${String(tag)}`);
    }
  }
}

/** Yjs type refs whose content carries a node name (YXmlElement, YXmlHook). */
const NAMED_TYPE_REFS = new Set([3, 5]);

/** Skips one struct (yjs encoding.js readStructs, Item.js readItemContent); returns the clock units it covers. */
function skipStruct(reader: Reader): number {
  const info = reader.buf[reader.pos++];
  if (info === undefined) throw new RangeError("update ends inside a struct");
  const ref = info & 0b11111;
  if (ref === 0 || ref === 10) return reader.varUint(); // GC, Skip: a length
  const hasOrigin = (info & 0x80) !== 0;
  const hasRightOrigin = (info & 0x40) !== 0;
  if (hasOrigin) reader.varUint(), reader.varUint();
  if (hasRightOrigin) reader.varUint(), reader.varUint();
  if (!hasOrigin && !hasRightOrigin) {
    if (reader.varUint() === 1) reader.varString(); // a root type's name…
    else reader.varUint(), reader.varUint(); // …or its parent item's id
    if ((info & 0x20) !== 0) reader.varString(); // parentSub: a map key
  }
  switch (ref) {
    case 1: // ContentDeleted
      return reader.varUint();
    case 2: {
      // ContentJSON: strings
      const items = reader.varUint();
      for (let i = 0; i < items; i++) reader.varString();
      return items;
    }
    case 3: // ContentBinary
      reader.skip(reader.varUint());
      return 1;
    case 4: // ContentString
      return reader.varString();
    case 5: // ContentEmbed
      reader.varString();
      return 1;
    case 6: // ContentFormat: key, value
      reader.varString();
      reader.varString();
      return 1;
    case 7: // ContentType
      if (NAMED_TYPE_REFS.has(reader.varUint())) reader.varString();
      return 1;
    case 8: {
      // ContentAny
      const items = reader.varUint();
      for (let i = 0; i < items; i++) reader.any();
      return items;
    }
    case 9: // ContentDoc: guid, options
      reader.varString();
      reader.any();
      return 1;
    default:
      throw new RangeError(`unknown content ref ${ref}`);
  }
}

/** A row that deletes nothing (most typing): one shared empty map, never written to. */
const NO_DELETES: ReadonlyMap<number, number[]> = new Map();

/** The update's sections and delete entries, or null when it is not a V1 update this reader understands. */
function parseUpdate(update: Uint8Array): ParsedUpdate | null {
  try {
    const reader = new Reader(update);
    const sections: Section[] = [];
    const clients = reader.varUint();
    for (let c = 0; c < clients; c++) {
      const count = reader.varUint();
      const client = reader.varUint();
      const clock = reader.varUint();
      const start = reader.pos;
      let length = 0;
      for (let s = 0; s < count; s++) length += skipStruct(reader);
      sections.push({ client, clock, length, count, bytes: update.subarray(start, reader.pos) });
    }
    const deleteClients = reader.varUint();
    let deletes: Map<number, number[]> | null = null;
    for (let c = 0; c < deleteClients; c++) {
      const client = reader.varUint();
      const ranges = reader.varUint();
      deletes ??= new Map();
      const clocks = deletes.get(client) ?? [];
      for (let r = 0; r < ranges; r++) clocks.push(reader.varUint(), reader.varUint());
      deletes.set(client, clocks);
    }
    if (reader.pos !== update.length) return null;
    // Two sections of one client in one update: left to Yjs, as stored.
    for (let i = 1; i < sections.length; i++) for (let j = 0; j < i; j++) if (sections[i]!.client === sections[j]!.client) return null;
    return { sections, deletes: deletes ?? NO_DELETES };
  } catch {
    return null;
  }
}

/** A run of rows being joined: per client, its structs so far. */
class Run {
  readonly clients = new Map<number, { clock: number; end: number; count: number; chunks: Uint8Array[] }>();
  readonly deletes = new Map<number, Array<[clock: number, length: number]>>();
  rows = 0;
  only: Uint8Array | null = null;

  /** Whether every section of `parsed` continues its client's structs in this run. */
  continues(parsed: ParsedUpdate): boolean {
    return parsed.sections.every((s) => {
      const mine = this.clients.get(s.client);
      return mine === undefined || mine.end === s.clock;
    });
  }

  add(parsed: ParsedUpdate, update: Uint8Array): void {
    this.only = this.rows === 0 ? update : null;
    this.rows++;
    for (const s of parsed.sections) {
      const mine = this.clients.get(s.client);
      if (mine) {
        mine.end += s.length;
        mine.count += s.count;
        mine.chunks.push(s.bytes);
      } else this.clients.set(s.client, { clock: s.clock, end: s.clock + s.length, count: s.count, chunks: [s.bytes] });
    }
    for (const [client, clocks] of parsed.deletes) {
      const ranges = this.deletes.get(client) ?? [];
      for (let i = 0; i < clocks.length; i += 2) ranges.push([clocks[i]!, clocks[i + 1]!]);
      this.deletes.set(client, ranges);
    }
  }

  encode(): Uint8Array {
    if (this.only) return this.only; // one row: as stored
    const out = new Writer();
    out.varUint(this.clients.size);
    for (const [client, { clock, count, chunks }] of this.clients) {
      out.varUint(count);
      out.varUint(client);
      out.varUint(clock);
      for (const chunk of chunks) out.bytes(chunk);
    }
    // One entry per client, its ranges in clock order and overlaps merged (rows repeat deletions):
    // Yjs keeps the ranges it cannot apply yet (their structs not arrived) and re-encodes them as
    // V2, where each range must start at or after the previous one's end.
    out.varUint(this.deletes.size);
    for (const [client, ranges] of this.deletes) {
      const merged = mergeRanges(ranges);
      out.varUint(client);
      out.varUint(merged.length);
      for (const [clock, length] of merged) out.varUint(clock), out.varUint(length);
    }
    return out.finish();
  }
}

/** Deleted ranges sorted by clock, overlapping or touching ones joined (yjs DeleteSet.js sortAndMergeDeleteSet). */
function mergeRanges(ranges: Array<[clock: number, length: number]>): Array<[clock: number, length: number]> {
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [clock, length] of ranges) {
    const last = merged[merged.length - 1];
    if (last && clock <= last[0] + last[1]) last[1] = Math.max(last[1], clock + length - last[0]);
    else merged.push([clock, length]);
  }
  return merged;
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  private head: number[] = [];
  private size = 0;

  varUint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.head.push((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.head.push(rest);
  }

  bytes(chunk: Uint8Array): void {
    this.flushHead();
    this.parts.push(chunk);
    this.size += chunk.length;
  }

  finish(): Uint8Array {
    this.flushHead();
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) out.set(part, at), (at += part.length);
    return out;
  }

  private flushHead(): void {
    if (this.head.length === 0) return;
    this.parts.push(Uint8Array.from(this.head));
    this.size += this.head.length;
    this.head = [];
  }
}

/**
 * `updates`, in order, as fewer V1 updates that give a document the same content when applied in
 * turn (see the file comment). A row that cannot be parsed is passed on alone, as stored.
 */
export function joinUpdates(updates: readonly Uint8Array[]): Uint8Array[] {
  const joined: Uint8Array[] = [];
  let run = new Run();
  const end = () => {
    if (run.rows > 0) joined.push(run.encode());
    run = new Run();
  };
  for (const update of updates) {
    const parsed = parseUpdate(update);
    if (parsed === null) {
      end();
      joined.push(update);
      continue;
    }
    if (!run.continues(parsed)) end();
    run.add(parsed, update);
  }
  end();
  return joined;
}
