import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";

/**
 * The baseline for the collaboration benchmark: a bare y-protocols relay — one in-memory Y.Doc per
 * room, sync and awareness, no authentication, no persistence, no limits. Run as its own process.
 */
interface Room {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  sockets: Set<WebSocket>;
}
const rooms = new Map<string, Room>();

function room(name: string): Room {
  let r = rooms.get(name);
  if (r) return r;
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null);
  const created: Room = { doc, awareness, sockets: new Set() };
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
    const message = encoding.toUint8Array(e);
    for (const s of created.sockets) if (s !== origin) s.send(message);
  });
  awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]));
    const message = encoding.toUint8Array(e);
    for (const s of created.sockets) s.send(message);
  });
  rooms.set(name, created);
  return created;
}

const server = createServer();
const wss = new WebSocketServer({ server });
wss.on("connection", (ws, req) => {
  const r = room(req.url ?? "/");
  r.sockets.add(ws);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeSyncStep1(e, r.doc);
  ws.send(encoding.toUint8Array(e));
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      syncProtocol.readSyncMessage(decoder, reply, r.doc, ws);
      if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(r.awareness, decoding.readVarUint8Array(decoder), ws);
    }
  });
  ws.on("close", () => r.sockets.delete(ws));
});
// The benchmark reads this process's CPU time over IPC, as it reads our server's (bench/benchServer.ts).
process.on("message", () => process.send?.({ cpuMicros: cpuMicros() }));
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

server.listen(0, "127.0.0.1", () => console.log(`baseline relay serving at http://127.0.0.1:${(server.address() as AddressInfo).port}`));
