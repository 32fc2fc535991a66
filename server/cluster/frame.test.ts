import { describe, expect, it } from "vitest";
import { decodeFrame, decodeJson, encodeFrame, encodeJson, FRAME_KINDS, FRAME_MAGIC, lockPayloadSchema, MAX_FRAME_BYTES, type FrameKind } from "./frame";

/** Seeded (mulberry32) so a failing random frame is reproducible. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sample = () => encodeFrame({ kind: "update", nodeId: "节点-a", key: "n1~union", payload: new Uint8Array([1, 2, 3, 0, 255]) });

describe("cluster frame codec (issue 16, ADR 027)", () => {
  it("round-trips every kind byte for byte, including an empty payload and UTF-8 ids", () => {
    for (const kind of Object.keys(FRAME_KINDS) as FrameKind[]) {
      for (const payload of [new Uint8Array(0), new Uint8Array([0, 1, 254, 255]), new Uint8Array(encodeJson({ locked: true }))]) {
        const decoded = decodeFrame(encodeFrame({ kind, nodeId: "节点-a", key: "谈判-1~union", payload }));
        expect(decoded).toEqual({ ok: true, frame: { kind, nodeId: "节点-a", key: "谈判-1~union", payload } });
      }
    }
  });

  it("refuses to encode an empty or oversize node id or key", () => {
    expect(() => encodeFrame({ kind: "update", nodeId: "", key: "k", payload: new Uint8Array() })).toThrow(/nodeId/);
    expect(() => encodeFrame({ kind: "update", nodeId: "x".repeat(256), key: "k", payload: new Uint8Array() })).toThrow(/nodeId/);
    expect(() => encodeFrame({ kind: "update", nodeId: "a", key: "", payload: new Uint8Array() })).toThrow(/key/);
  });

  it("rejects every truncation of a valid frame with a reason", () => {
    const frame = sample();
    const headLength = frame.length - 5;
    for (let n = 0; n < headLength; n++) {
      const decoded = decodeFrame(frame.subarray(0, n));
      expect(decoded.ok, `length ${n}`).toBe(false);
      if (!decoded.ok) expect(decoded.why).toMatch(/[\u4e00-\u9fff].*\/ [a-z]/);
    }
  });

  it("rejects wrong magic, wrong version, unknown kind and oversize frames", () => {
    const cases: Array<[number, number, RegExp]> = [
      [0, FRAME_MAGIC + 1, /magic/],
      [1, 2, /version 2/],
      [2, 0, /unknown frame kind 0/],
      [2, 99, /unknown frame kind 99/],
    ];
    for (const [at, value, why] of cases) {
      const frame = Buffer.from(sample());
      frame[at] = value;
      const decoded = decodeFrame(frame);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.why).toMatch(why);
    }
    const huge = decodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1));
    expect(huge).toEqual({ ok: false, why: expect.stringMatching(/frame over/) });
  });

  it("rejects a node id or key that is not UTF-8, and a zero-length node id", () => {
    const frame = Buffer.from(sample());
    frame[4] = 0xff;
    expect(decodeFrame(frame)).toEqual({ ok: false, why: expect.stringMatching(/not UTF-8/) });
    const noNode = Buffer.from(sample());
    noNode[3] = 0;
    expect(decodeFrame(noNode)).toEqual({ ok: false, why: expect.stringMatching(/nodeId length/) });
  });

  it("decodes a subarray view at a non-zero offset (a Buffer from a pool)", () => {
    const frame = sample();
    const pool = Buffer.concat([Buffer.from([9, 9, 9]), frame, Buffer.from([7])]);
    const decoded = decodeFrame(pool.subarray(3, 3 + frame.length));
    expect(decoded).toEqual({ ok: true, frame: { kind: "update", nodeId: "节点-a", key: "n1~union", payload: new Uint8Array([1, 2, 3, 0, 255]) } });
  });

  it("checks lock payloads: bad JSON and a wrong shape are refused with the field named", () => {
    expect(decodeJson(encodeJson({ locked: false }), lockPayloadSchema)).toEqual({ ok: true, value: { locked: false } });
    expect(decodeJson(Buffer.from("{locked"), lockPayloadSchema)).toEqual({ ok: false, why: expect.stringMatching(/not JSON/) });
    expect(decodeJson(encodeJson({ locked: "yes" }), lockPayloadSchema)).toEqual({ ok: false, why: expect.stringMatching(/^locked: .*boolean/) });
    expect(decodeJson(encodeJson(null), lockPayloadSchema).ok).toBe(false);
  });

  it("never throws on random bytes, and random bytes behind a valid head keep the reasons bilingual", () => {
    const random = seeded(16);
    let rejected = 0;
    for (let i = 0; i < 5_000; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      // Half the cases carry a valid magic and version, so the deeper checks are reached too.
      if (i % 2 === 0 && bytes.length > 2) [bytes[0], bytes[1], bytes[2]] = [FRAME_MAGIC, 1, 1 + (bytes[2]! % 5)];
      const decoded = decodeFrame(bytes);
      if (!decoded.ok) {
        rejected++;
        expect(decoded.why).toMatch(/ \/ /);
      } else {
        expect(encodeFrame(decoded.frame)).toEqual(Buffer.from(bytes));
      }
    }
    expect(rejected).toBeGreaterThan(4_000);
  });
});
