import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase, type OpenDatabase } from "../../db/client";
import { docUpdates } from "../../db/schema";
import { DocPersistence, FLUSH_RETRY_MS, LOAD_BATCH_UPDATES } from "./persistence";

let database: OpenDatabase;

beforeEach(() => {
  database = openDatabase(":memory:");
  // These tests store updates of a negotiation that has no row: only the failure under test may refuse them.
  database.sqlite.pragma("foreign_keys = OFF");
});
afterEach(() => database.close());

/** Makes every insert into `table` fail (as a full disk would) until the returned function is called. */
function failInserts(table: "doc_updates" | "audit_log"): () => void {
  database.sqlite.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;`);
  return () => database.sqlite.exec(`DROP TRIGGER fail_${table}`);
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe("C-4 group commit when the database refuses a write", () => {
  it("keeps the updates unrelayed, does not throw out of the scheduled commit, and stores them on retry", async () => {
    const persistence = new DocPersistence(database.db);
    const relayed: number[] = [];
    const heal = failInserts("doc_updates");
    persistence.enqueue("n1", new Uint8Array([1]), { userId: null, origin: "client" }, () => relayed.push(1));
    persistence.enqueue("n1", new Uint8Array([2]), { userId: null, origin: "client" }, () => relayed.push(2));
    await tick(20); // the scheduled commit ran and failed; a throw from it would fail this test as an uncaught error
    expect(relayed).toEqual([]);
    expect(database.db.select().from(docUpdates).all()).toHaveLength(0);

    heal();
    persistence.enqueue("n1", new Uint8Array([3]), { userId: null, origin: "client" }, () => relayed.push(3));
    await tick(FLUSH_RETRY_MS + 200);
    expect(relayed).toEqual([1, 2, 3]);
    expect(database.db.select({ update: docUpdates.update }).from(docUpdates).all().map((r) => [...r.update])).toEqual([[1], [2], [3]]);
  });

  it("a direct flush that fails throws to its caller and loses nothing", () => {
    const persistence = new DocPersistence(database.db);
    const heal = failInserts("doc_updates");
    let relayed = false;
    persistence.enqueue("n1", new Uint8Array([7]), { userId: null, origin: "client" }, () => (relayed = true));
    expect(() => persistence.flush()).toThrow(/disk full/);
    heal();
    persistence.flush();
    expect(relayed).toBe(true);
    expect(database.db.select().from(docUpdates).all()).toHaveLength(1);
  });
});

describe("R-2 a private draft is stored under its own key", () => {
  it("keeps a side's updates and compacted state apart from the live draft's and the other side's", () => {
    const persistence = new DocPersistence(database.db);
    const live = new Y.Doc();
    const union = new Y.Doc();
    live.getText("t").insert(0, "live");
    union.getText("t").insert(0, "union");
    persistence.append("n1", Y.encodeStateAsUpdate(live), { userId: null, origin: "seed" });
    persistence.append("n1~union", Y.encodeStateAsUpdate(union), { userId: null, origin: "client" });
    const read = (key: string) => {
      const doc = new Y.Doc();
      persistence.load(key, doc, null);
      return doc.getText("t").toString();
    };
    expect([read("n1"), read("n1~union"), read("n1~enterprise")]).toEqual(["live", "union", ""]);
    persistence.compact("n1~union", union);
    expect(persistence.pendingCount("n1~union")).toBe(0);
    expect(persistence.pendingCount("n1")).toBe(1);
    expect([read("n1"), read("n1~union")]).toEqual(["live", "union"]);
    expect(() => persistence.load("n1~observer", new Y.Doc(), null)).toThrow(/not a document name/);
  });
});

describe("P-3 opening a long log", () => {
  it("gives the document the updates made, across load batches, after a compacted state", () => {
    const persistence = new DocPersistence(database.db);
    const source = new Y.Doc();
    const text = source.getText("t");
    source.on("update", (update: Uint8Array) => persistence.append("n1", update, { userId: null, origin: "test" }));
    text.insert(0, "起草");
    persistence.compact("n1", source);
    for (let i = 0; i < LOAD_BATCH_UPDATES * 3 + 5; i++) text.insert(i % 3 === 0 ? 0 : text.length, String(i % 10));
    text.delete(1, 4);

    const loaded = new Y.Doc();
    expect(persistence.load("n1", loaded, null)).toEqual({ updates: LOAD_BATCH_UPDATES * 3 + 6 });
    expect(loaded.getText("t").toString()).toBe(text.toString());
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(source));
  });
});
