import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openSqliteDriver, type SqliteDriver } from "~/db/driver.sqlite";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { DocPersistence } from "./persistence";
import { DocumentRegistry } from "./registry";

// SQLite on purpose (even when TEST_DATABASE_URL is set): a log without its negotiation row needs foreign keys off, a SQLite pragma.
let database: SqliteDriver;

beforeEach(() => {
  database = openSqliteDriver(":memory:");
  database.sqlite.pragma("foreign_keys = OFF"); // a negotiation without its row: only the log is under test
});
afterEach(() => database.close());

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Until the registry's background work (a load, an unload's compaction) is done. */
async function settled(registry: DocumentRegistry): Promise<void> {
  for (let i = 0; i < 100 && (registry.retained().unloading > 0 || registry.retained().loading > 0); i++) await tick();
}
const unlocked = async () => false;

/** A log of `count` one-character updates, as a process killed before compacting leaves it. */
async function longLog(persistence: DocPersistence, negotiationId: string, count: number): Promise<string> {
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on("update", (update: Uint8Array) => updates.push(update));
  const text = source.getText("t");
  for (let i = 0; i < count; i++) text.insert(text.length, "字");
  for (const update of updates) await persistence.append(negotiationId, update, { userId: null, origin: "test" });
  return text.toString();
}

describe("P-3 a long log left behind is folded once loaded", () => {
  it("compacts it after the load, and the next opening reads the same text from the state", async () => {
    const persistence = new DocPersistence(database);
    const expected = await longLog(persistence, "n1", COLLAB_DEFAULTS.compactAfterUpdates + 20);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: unlocked });

    const shared = await registry.acquire("n1");
    expect(shared.doc.getText("t").toString()).toBe(expected);
    await tick();
    await shared.compact(); // waits for the fold the load started (one compaction at a time)
    expect(await persistence.pendingCount("n1")).toBe(0);

    const reopened = new Y.Doc();
    expect(await persistence.load("n1", reopened, null)).toEqual({ updates: 0 });
    expect(reopened.getText("t").toString()).toBe(expected);
    await registry.closeAll();
  });

  it("leaves a short log alone", async () => {
    const persistence = new DocPersistence(database);
    await longLog(persistence, "n1", 10);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: unlocked });
    await registry.acquire("n1");
    await tick();
    expect(await persistence.pendingCount("n1")).toBe(10);
    await registry.closeAll();
  });
});

describe("P-4 nothing of a document stays once it is unloaded", () => {
  it("drops the document and the registry's entries for it", async () => {
    const persistence = new DocPersistence(database);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 0, isLocked: unlocked });
    await registry.acquire("n1");
    await registry.acquire("n2");
    registry.release("n1");
    registry.release("n2");
    await settled(registry);
    expect(registry.size).toBe(0);
    expect(registry.retained()).toEqual({ documents: 0, loading: 0, users: 0, unloadTimers: 0, unloading: 0 });
  });
});

describe("C-3 the stored state is loaded before anyone is answered, once however many arrive", () => {
  it("C-3: five clients arriving together get one document, already holding the stored text", async () => {
    const persistence = new DocPersistence(database);
    const expected = await longLog(persistence, "n1", 10);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: unlocked });
    const arrivals = await Promise.all(Array.from({ length: 5 }, () => registry.acquire("n1")));
    expect(new Set(arrivals).size).toBe(1);
    expect(arrivals[0]!.doc.getText("t").toString()).toBe(expected);
    expect(registry.size).toBe(1);
    await registry.closeAll();
  });
});

describe("ADR 027 a copy that receives an update whose cause it never received re-reads the database", () => {
  it("fills the gap from the stored log, and an edit that builds on the lost one shows in the copy", async () => {
    const persistence = new DocPersistence(database);
    const registry = new DocumentRegistry(persistence, { idleUnloadMs: 60_000, isLocked: unlocked });
    const shared = await registry.acquire("n1");
    // Another node's editor: two edits, both stored there; only the second one's frame arrives here.
    const elsewhere = new Y.Doc();
    const updates: Uint8Array[] = [];
    elsewhere.on("update", (update: Uint8Array) => updates.push(update));
    elsewhere.getText("t").insert(0, "第一条 配送时限");
    elsewhere.getText("t").insert(3, "【恶劣天气】");
    for (const update of updates) await persistence.append("n1", update, { userId: null, origin: "client" });
    registry.remoteUpdate("n1", updates[1]!);
    expect(shared.doc.getText("t").toString()).toBe(""); // held back by Yjs: it builds on the lost edit
    for (let i = 0; i < 200 && shared.doc.getText("t").toString() === ""; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(shared.doc.getText("t").toString()).toBe("第一条【恶劣天气】 配送时限");
    expect(shared.doc.store.pendingStructs).toBeNull();
    await registry.closeAll();
  });
});
