import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "~/db/schema";
import { startNegotiation } from "~/server/commands/negotiationStarter";
import { eq } from "drizzle-orm";
import { connectPeer, synced, waitFor } from "../setup/collabClient";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";
import { figure, RELIABILITY } from "./config";

/**
 * Issue 8, memory (SPEC C-10): open and close many negotiations' documents in a loop (a real
 * provider connects, syncs and leaves; the server unloads at once with idleUnloadMs 0). Resident
 * memory must come back near where it started. The bound is a generous ratio, never a time.
 */
let server: TestServer;
const ids: string[] = [];
let cookie = "";

beforeAll(async () => {
  server = await startTestServer({ idleUnloadMs: 0 });
  cookie = await login(server.url, "union.chief");
  const chief = (await server.driver.db.select().from(users).where(eq(users.username, "union.chief")).limit(1))[0]!;
  const draft = await server.context.collab.readAgreement(DEMO_NEGOTIATION);
  for (let i = 0; i < RELIABILITY.churnDocuments; i++) {
    ids.push(
      await startNegotiation(server.context, { userId: chief.id }, {
        title: `内存测试 ${i}`, scope: "enterprise", region: "青城市", industry: "网络餐饮配送", mode: "standard",
        unionOrgId: "org-sector", enterpriseOrgId: "org-platform", higherUnionOrgId: null, proposedBySide: "union",
        proposedOn: "2026-11-10", creatorSide: "union", creatorRole: "chief", draft, draftOrigin: "import",
      }),
    );
  }
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void; // a full collection, so the figures compare live memory

const settle = async () => {
  gc();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  await new Promise((r) => setTimeout(r, 200));
  return process.memoryUsage();
};

async function openAndClose(id: string): Promise<void> {
  const peer = connectPeer(server.url, id, cookie);
  await synced(peer);
  peer.destroy();
  await waitFor(() => server.context.collab.registry.loaded(id) === undefined, 10_000, `unload of ${id}`);
}

describe(`memory under document churn (${RELIABILITY.churnDocuments} negotiations)`, () => {
  it("C-10: after opening and closing every document, RSS is back near its start and nothing stays loaded", async () => {
    for (const id of ids.slice(0, 10)) await openAndClose(id); // warm-up: code paths, caches, sockets
    const before = await settle();
    for (const id of ids) await openAndClose(id);
    const after = await settle();
    expect(server.context.collab.stats()).toEqual({ documents: 0, connections: 0 });
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    figure("memory.documents_churned", ids.length);
    figure("memory.rss_before", mb(before.rss), "MB");
    figure("memory.rss_after", mb(after.rss), "MB");
    figure("memory.heap_before", mb(before.heapUsed), "MB");
    figure("memory.heap_after", mb(after.heapUsed), "MB");
    // One loaded demo draft is ~1 MB of Yjs structures: keeping them all would more than double it.
    expect(after.rss / before.rss).toBeLessThan(1.5);
    expect(after.heapUsed / before.heapUsed).toBeLessThan(1.5);
  }, 600_000);
});
