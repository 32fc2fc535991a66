import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { openSqliteDriver, type SqliteDriver } from "~/db/driver.sqlite";
import { collectGarbage, IdleCollector } from "./idleMemory";
import { DocPersistence } from "./persistence";
import { DocumentRegistry } from "./registry";

// SQLite on purpose (even when TEST_DATABASE_URL is set): documents without negotiation rows need foreign keys off.
let database: SqliteDriver;
beforeEach(() => {
  database = openSqliteDriver(":memory:");
  database.sqlite.pragma("foreign_keys = OFF");
});
afterEach(() => database.close());

const tick = () => new Promise((resolve) => setImmediate(resolve));
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe("memory once every document unloaded (issue 18)", () => {
  it("drops every document's state from the registry and collects once, after the last of several unloads", async () => {
    const persistence = new DocPersistence(database);
    let collections = 0;
    let registry!: DocumentRegistry;
    const idleMemory = new IdleCollector(
      () => registry.retained().documents === 0 && registry.retained().loading === 0,
      async () => collections++,
      0,
    );
    registry = new DocumentRegistry(persistence, { idleUnloadMs: 0, isLocked: async () => false, onUnload: () => idleMemory.documentUnloaded() });
    const first = await registry.acquire("n1");
    const second = await registry.acquire("n2");
    first.doc.getText("t").insert(0, "第一条");
    second.doc.getText("t").insert(0, "第二条");
    await first.flushPending();

    registry.release("n1");
    await until(() => registry.retained().documents === 1);
    await tick();
    expect(collections).toBe(0); // n2 is still loaded

    registry.release("n2");
    await until(() => collections > 0);
    expect(registry.retained()).toEqual({ documents: 0, loading: 0, users: 0, unloadTimers: 0, unloading: 0 });
    expect(registry.loaded("n1")).toBeUndefined();
    await tick();
    expect(collections).toBe(1);

    // What they held was stored before it was dropped.
    const reopened = new Y.Doc();
    await persistence.load("n2", reopened, null);
    expect(reopened.getText("t").toString()).toBe("第二条");
  });

  it("collects nothing when a document is loaded again before the collection is due, and once per idle spell", async () => {
    vi.useFakeTimers();
    try {
      let idle = true;
      let collections = 0;
      const idleMemory = new IdleCollector(() => idle, async () => collections++, 1_000);
      idleMemory.documentUnloaded();
      idle = false; // a client came back meanwhile
      await vi.advanceTimersByTimeAsync(1_000);
      expect(collections).toBe(0);
      idle = true;
      idleMemory.documentUnloaded();
      idleMemory.documentUnloaded(); // a burst of unloads
      await vi.advanceTimersByTimeAsync(1_000);
      expect(collections).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the real collection runs and resolves", async () => {
    await expect(collectGarbage()).resolves.toBeDefined();
  });
});
