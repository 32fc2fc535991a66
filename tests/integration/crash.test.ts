import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { orderedClauses } from "../../shared/collab/docShape";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { spawnServer, type ChildServer } from "../setup/childServer";
import { DEMO_NEGOTIATION, get, login } from "../setup/server";

const dir = mkdtempSync(join(tmpdir(), "tongshang-crash-"));
const databasePath = join(dir, "tongshang.db");
const peers: TestPeer[] = [];
let child: ChildServer | undefined;

afterAll(() => {
  for (const p of peers) p.destroy();
  child?.process.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("durability (persistence: stored before relayed)", () => {
  it("an update a peer has seen survives kill -9 of the server", async () => {
    child = await spawnServer(databasePath);
    const writerCookie = await login(child.url, "union.rep");
    const readerCookie = await login(child.url, "platform.rep");
    const writer = connectPeer(child.url, DEMO_NEGOTIATION, writerCookie);
    const reader = connectPeer(child.url, DEMO_NEGOTIATION, readerCookie);
    peers.push(writer, reader);
    await Promise.all([synced(writer), synced(reader)]);

    const body = (peer: TestPeer) => orderedClauses(peer.doc).find((c) => c.id === "c12")!.body;
    for (let i = 0; i < 20; i++) body(writer).insert(0, `字${i}`);
    await waitFor(() => body(reader).toString().startsWith("字19"), 10_000, "relay");
    const seen = body(reader).toString();

    child.process.kill("SIGKILL");
    await child.exited;
    writer.destroy();
    reader.destroy();

    child = await spawnServer(databasePath);
    const cookie = await login(child.url, "union.chief");
    const response = await get(child.url, `/negotiations/${DEMO_NEGOTIATION}/export.json`, cookie);
    const json = (await response.json()) as { clauses: { id: string; body: string }[] };
    expect(json.clauses.find((c) => c.id === "c12")!.body).toBe(seen);
  }, 120_000);
});
