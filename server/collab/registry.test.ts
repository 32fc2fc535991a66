import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase, type OpenDatabase } from "../../db/client";
import { COMPACT_AFTER_UPDATES, DocPersistence } from "./persistence";
import { DocumentRegistry } from "./registry";

let database: OpenDatabase;

beforeEach(() => {
  database = openDatabase(":memory:");
  database.sqlite.pragma("foreign_keys = OFF"); // a negotiation without its row: only the log is under test
});
afterEach(() => database.close());

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A log of `count` one-character updates, as a process killed before compacting leaves it. */
function longLog(persistence: DocPersistence, negotiationId: string, count: number): string {
  const source = new Y.Doc();
  source.on("update", (update: Uint8Array) => persistence.append(negotiationId, update, { userId: null, origin: "test" }));
  const text = source.getText("t");
  database.sqlite.transaction(() => {
    for (let i = 0; i < count; i++) text.insert(text.length, "字");
  })();
  return text.toString();
}

describe("P-3 a long log left behind is folded once loaded", () => {
  it("compacts it after the load, and the next opening reads the same text from the state", async () => {
    const persistence = new DocPersistence(database.db);
    const expected = longLog(persistence, "n1", COMPACT_AFTER_UPDATES + 20);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: () => false });

    const shared = await registry.acquire("n1");
    expect(shared.doc.getText("t").toString()).toBe(expected);
    await tick();
    expect(persistence.pendingCount("n1")).toBe(0);

    const reopened = new Y.Doc();
    expect(persistence.load("n1", reopened, null)).toEqual({ updates: 0 });
    expect(reopened.getText("t").toString()).toBe(expected);
    registry.closeAll();
  });

  it("leaves a short log alone", async () => {
    const persistence = new DocPersistence(database.db);
    longLog(persistence, "n1", 10);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: () => false });
    await registry.acquire("n1");
    await tick();
    expect(persistence.pendingCount("n1")).toBe(10);
    registry.closeAll();
  });
});

describe("P-4 nothing of a document stays once it is unloaded", () => {
  it("drops the document and the registry's entries for it", async () => {
    const persistence = new DocPersistence(database.db);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 0, isLocked: () => false });
    await registry.acquire("n1");
    await registry.acquire("n2");
    registry.release("n1");
    registry.release("n2");
    expect(registry.size).toBe(0);
    expect(registry.retained()).toEqual({ documents: 0, loading: 0, users: 0, unloadTimers: 0 });
  });
});

describe("C-3 the stored state is loaded before anyone is answered, once however many arrive", () => {
  it("C-3: five clients arriving together get one document, already holding the stored text", async () => {
    const persistence = new DocPersistence(database.db);
    const expected = longLog(persistence, "n1", 10);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: () => false });
    const arrivals = await Promise.all(Array.from({ length: 5 }, () => registry.acquire("n1")));
    expect(new Set(arrivals).size).toBe(1);
    expect(arrivals[0]!.doc.getText("t").toString()).toBe(expected);
    expect(registry.size).toBe(1);
    registry.closeAll();
  });
});
