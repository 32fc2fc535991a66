import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MESSAGE_SYNC } from "~/shared/collab/protocol";
import { syncUpdateMessage } from "./sharedDocument";

describe("syncUpdateMessage", () => {
  it("writes the bytes y-protocols writes for an update message, across the varuint length's byte counts", () => {
    for (const size of [0, 1, 127, 128, 16_383, 16_384, 2_097_152]) {
      const update = new Uint8Array(size).map((_, i) => i % 251);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      expect(Buffer.from(syncUpdateMessage(update)).equals(Buffer.from(encoding.toUint8Array(encoder)))).toBe(true);
    }
  });

  it("carries a real update that a peer applies", () => {
    const source = new Y.Doc();
    let update: Uint8Array = new Uint8Array();
    source.on("update", (u: Uint8Array) => (update = u));
    source.getText("t").insert(0, "第一条 工资");
    const peer = new Y.Doc();
    const decoder = decoding.createDecoder(syncUpdateMessage(update));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), peer, null);
    expect(peer.getText("t").toString()).toBe("第一条 工资");
  });
});
