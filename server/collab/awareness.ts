import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { PRESENCE_LIMITS } from "~/shared/collab/protocol";
import { presenceStateSchema } from "~/shared/collab/presenceState";
import type { Side } from "~/shared/roles";

/** Who a connection is, as the server knows it; stamped over whatever the client claims. */
export interface PresenceIdentity {
  userId: string;
  name: string;
  side: Side;
}

interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

function decodeEntries(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
  }
  return entries;
}

function encodeEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

export interface ScreenedPresence {
  /** The entries to apply and relay (stamped), or null when none remain. */
  update: Uint8Array | null;
  clientIds: readonly number[];
  /** How many of the frame's entries are this connection's own (not echoes): each counts against the message rate. */
  entries: number;
  /** Why the frame is refused whole (C-14), or null. */
  refused: string | null;
}

const NOTHING_TO_APPLY: ScreenedPresence = Object.freeze({ update: null, clientIds: [], entries: 0, refused: null });

/**
 * Screens an awareness update from one connection (C-8, C-14). Entries for client ids another
 * connection owns are dropped silently (nobody can move someone else's cursor or remove their
 * presence; a reconnecting tab may race its old socket), and so are echoes of what the server
 * already has. A frame that would give this connection
 * more than PRESENCE_LIMITS.maxClientIdsPerConnection ids, or holds a state over
 * PRESENCE_LIMITS.maxStateBytes, not an object, or with a field the app never sends, is refused
 * whole: nothing of it is applied or relayed. The `user` field is overwritten with the
 * authenticated identity so nobody can pose as someone else. Throws on a frame that does not decode.
 */
export function screenAwarenessUpdate(
  update: Uint8Array,
  identity: PresenceIdentity,
  connection: { owns: (clientId: number) => boolean; ownedIds: ReadonlySet<number>; knownClock: (clientId: number) => number | undefined },
): ScreenedPresence {
  const all = decodeEntries(update);
  // An unmodified WebsocketProvider sends back every presence change it receives, others' too:
  // entries no newer than what the server has are echoes, dropped before anything is judged.
  const entries = all.filter((e) => {
    if (!connection.owns(e.clientId)) return false;
    if (connection.ownedIds.has(e.clientId)) return true;
    const known = connection.knownClock(e.clientId);
    return e.state !== "null" && (known === undefined || e.clock > known);
  });
  // Most frames under load are a peer's echoes of others' renewals: nothing left to judge or stamp.
  if (entries.length === 0) return NOTHING_TO_APPLY;
  const refuse = (why: string): ScreenedPresence => ({ update: null, clientIds: [], entries: entries.length, refused: why });
  const ids = new Set([...connection.ownedIds, ...entries.map((e) => e.clientId)]);
  if (ids.size > PRESENCE_LIMITS.maxClientIdsPerConnection) return refuse(`more than ${PRESENCE_LIMITS.maxClientIdsPerConnection} presence client ids`);
  const stamped: AwarenessEntry[] = [];
  for (const e of entries) {
    if (e.state === "null") {
      stamped.push(e);
      continue;
    }
    if (Buffer.byteLength(e.state) > PRESENCE_LIMITS.maxStateBytes) return refuse(`presence state over ${PRESENCE_LIMITS.maxStateBytes} bytes`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.state);
    } catch {
      return refuse("presence state is not JSON");
    }
    const checked = presenceStateSchema.safeParse(parsed);
    if (!checked.success) return refuse("presence state has an unknown or malformed field");
    const previous = checked.data.user;
    const color = typeof previous?.color === "string" && /^#[0-9a-fA-F]{6}$/.test(previous.color) ? previous.color : undefined;
    stamped.push({ ...e, state: JSON.stringify({ ...checked.data, user: { id: identity.userId, name: identity.name, side: identity.side, color } }) });
  }
  return { update: encodeEntries(stamped), clientIds: stamped.map((e) => e.clientId), entries: stamped.length, refused: null };
}
