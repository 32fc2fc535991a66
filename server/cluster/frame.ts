import { z } from "zod";

/**
 * The binary frame nodes exchange through Redis (docs/decisions/027-redis-relay.md). Pure: no I/O.
 *
 *   byte 0      magic 0x54 ('T')      byte 1  version (1)       byte 2  kind
 *   byte 3      node id length n      bytes 4..4+n  node id (UTF-8)
 *   2 bytes     key length k (big-endian), then k bytes of key (UTF-8)
 *   the rest    payload: a Yjs update / awareness update as is, or JSON for control kinds
 *               (none for resync and alive)
 *
 * Binary, not JSON, so a Yjs update crosses the wire byte for byte without base64's third more.
 */
export const FRAME_MAGIC = 0x54;
export const FRAME_VERSION = 1;
/** A frame bigger than this is refused: no legitimate update is near it (COLLAB_DEFAULTS.maxFrameBytes caps a client frame far lower). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export const FRAME_KINDS = { update: 1, awareness: 2, event: 3, lock: 4, reauthorise: 5, resync: 6, claim: 7, alive: 8 } as const;
export type FrameKind = keyof typeof FRAME_KINDS;
const KIND_BY_CODE = new Map<number, FrameKind>(Object.entries(FRAME_KINDS).map(([k, v]) => [v, k as FrameKind]));

export interface Frame {
  kind: FrameKind;
  /** The node that published it: a node drops its own frames (Redis echoes to every subscriber). */
  nodeId: string;
  /** A document name for update/awareness/resync/claim, a negotiation id for event/lock, a user id for reauthorise, the node id for alive. */
  key: string;
  payload: Uint8Array;
}

export function encodeFrame(frame: Frame): Buffer {
  const node = Buffer.from(frame.nodeId, "utf8");
  const key = Buffer.from(frame.key, "utf8");
  if (node.length === 0 || node.length > 255) throw new Error(`节点标识 nodeId 须为 1–255 字节 / nodeId must be 1–255 bytes (${node.length})`);
  if (key.length === 0 || key.length > 0xffff) throw new Error(`键 key 须为 1–65535 字节 / key must be 1–65535 bytes (${key.length})`);
  const head = Buffer.alloc(4 + node.length + 2 + key.length);
  head[0] = FRAME_MAGIC;
  head[1] = FRAME_VERSION;
  head[2] = FRAME_KINDS[frame.kind];
  head[3] = node.length;
  node.copy(head, 4);
  head.writeUInt16BE(key.length, 4 + node.length);
  key.copy(head, 6 + node.length);
  return Buffer.concat([head, frame.payload]);
}

export type DecodedFrame = { ok: true; frame: Frame } | { ok: false; why: string };

/** Never throws: whatever arrives on a channel is either a frame or a reason it is not one. */
export function decodeFrame(data: Uint8Array): DecodedFrame {
  const bad = (why: string): DecodedFrame => ({ ok: false, why });
  if (data.length > MAX_FRAME_BYTES) return bad(`帧过大 / frame over ${MAX_FRAME_BYTES} bytes`);
  if (data.length < 7) return bad("帧过短 / frame too short");
  if (data[0] !== FRAME_MAGIC) return bad("帧标记不符 / not a Tongshang frame (magic)");
  if (data[1] !== FRAME_VERSION) return bad(`帧版本不支持 / unsupported frame version ${data[1]}`);
  const kind = KIND_BY_CODE.get(data[2]!);
  if (!kind) return bad(`帧类型未知 / unknown frame kind ${data[2]}`);
  const nodeLength = data[3]!;
  if (nodeLength === 0 || data.length < 4 + nodeLength + 2) return bad("节点标识长度不符 / nodeId length out of range");
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.length);
  const keyStart = 6 + nodeLength;
  const keyLength = buffer.readUInt16BE(4 + nodeLength);
  if (keyLength === 0 || buffer.length < keyStart + keyLength) return bad("键长度不符 / key length out of range");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let nodeId: string;
  let key: string;
  try {
    nodeId = decoder.decode(buffer.subarray(4, 4 + nodeLength));
    key = decoder.decode(buffer.subarray(keyStart, keyStart + keyLength));
  } catch {
    return bad("节点标识或键不是 UTF-8 / nodeId or key is not UTF-8");
  }
  return { ok: true, frame: { kind, nodeId, key, payload: new Uint8Array(buffer.subarray(keyStart + keyLength)) } };
}

/** Control payloads are JSON, checked on the way in like any boundary input. */
export const lockPayloadSchema = z.object({ locked: z.boolean({ message: "locked 须为布尔值 / locked must be a boolean" }) });

/** A writer claim (SPEC C-13): `userId`'s accepted update wrote under Yjs client id `clientId` first. */
export const claimPayloadSchema = z
  .object({
    clientId: z.number({ message: "clientId 须为数字 / clientId must be a number" }).int().nonnegative().max(2 ** 53 - 1),
    userId: z.string({ message: "userId 须为字符串 / userId must be a string" }).min(1).max(200),
  })
  .strict();

export function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), "utf8");
}

export function decodeJson<T>(payload: Uint8Array, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; why: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload).toString("utf8"));
  } catch {
    return { ok: false, why: "载荷不是 JSON / payload is not JSON" };
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) return { ok: false, why: checked.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ") };
  return { ok: true, value: checked.data };
}
