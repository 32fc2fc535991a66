import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Side } from "../../shared/roles";

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

/**
 * Screens an awareness update from one connection: entries for client ids that another
 * connection owns are dropped (nobody can move someone else's cursor or remove their presence),
 * and the `user` field is overwritten with the authenticated identity so nobody can pose as
 * someone else. Throws on a frame that does not decode.
 */
export function screenAwarenessUpdate(
  update: Uint8Array,
  identity: PresenceIdentity,
  ownsClient: (clientId: number) => boolean,
): { update: Uint8Array; clientIds: number[] } | null {
  const entries = decodeEntries(update).filter((e) => ownsClient(e.clientId));
  if (entries.length === 0) return null;
  const stamped = entries.map((e) => {
    if (e.state === "null") return e;
    const parsed: unknown = JSON.parse(e.state);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("awareness state is not an object");
    const previous = (parsed as { user?: { color?: unknown } }).user;
    const color = typeof previous?.color === "string" && /^#[0-9a-fA-F]{6}$/.test(previous.color) ? previous.color : undefined;
    return { ...e, state: JSON.stringify({ ...parsed, user: { id: identity.userId, name: identity.name, side: identity.side, color } }) };
  });
  return { update: encodeEntries(stamped), clientIds: stamped.map((e) => e.clientId) };
}
