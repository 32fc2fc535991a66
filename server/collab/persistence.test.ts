import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openSqliteDriver, type SqliteDriver } from "~/db/driver.sqlite";
import { sql } from "drizzle-orm";
import type { Driver } from "~/db/driver";
import { openPostgresDriver } from "~/db/driver.pg";
import { createTestDatabase, dropTestDatabase } from "~/db/pgTestDatabase";
import { rawColumn, rawRun } from "~/db/raw";
import { docStates, docUpdates, docWriters, negotiations } from "~/db/schema";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { DocPersistence, foldLog } from "./persistence";

// SQLite on purpose (even when TEST_DATABASE_URL is set): it fails writes with a SQLite trigger and turns foreign keys off per connection.
let database: SqliteDriver;

beforeEach(() => {
  database = openSqliteDriver(":memory:");
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
    const persistence = new DocPersistence(database);
    const relayed: number[] = [];
    const heal = failInserts("doc_updates");
    persistence.enqueue("n1", new Uint8Array([1]), { userId: null, origin: "client" }, () => relayed.push(1));
    persistence.enqueue("n1", new Uint8Array([2]), { userId: null, origin: "client" }, () => relayed.push(2));
    await tick(20); // the scheduled commit ran and failed; a throw from it would fail this test as an uncaught error
    expect(relayed).toEqual([]);
    expect(await database.db.select().from(docUpdates)).toHaveLength(0);
    expect(persistence.commitStats()).toEqual({ commits: 0, rows: 0 }); // a failed commit stored nothing

    heal();
    persistence.enqueue("n1", new Uint8Array([3]), { userId: null, origin: "client" }, () => relayed.push(3));
    await tick(COLLAB_DEFAULTS.flushRetryMs + 200);
    expect(relayed).toEqual([1, 2, 3]);
    expect(persistence.commitStats()).toEqual({ commits: 1, rows: 3 }); // the retry carried all three in one commit
    expect((await database.db.select({ update: docUpdates.update }).from(docUpdates)).map((r) => [...r.update])).toEqual([[1], [2], [3]]);
  });

  it("a direct flush that fails throws to its caller and loses nothing", async () => {
    const persistence = new DocPersistence(database);
    const heal = failInserts("doc_updates");
    let relayed = false;
    persistence.enqueue("n1", new Uint8Array([7]), { userId: null, origin: "client" }, () => (relayed = true));
    await expect(persistence.flush()).rejects.toThrow(/disk full/);
    heal();
    await persistence.flush();
    expect(relayed).toBe(true);
    expect(await database.db.select().from(docUpdates)).toHaveLength(1);
  });
});

describe("C-13 writer claims ride the group commit", () => {
  it("stores a claim with the commit of its update, tells of it before that update is relayed, and keeps it through a failed commit", async () => {
    const persistence = new DocPersistence(database);
    const events: string[] = [];
    const heal = failInserts("doc_updates");
    persistence.enqueue("n1", new Uint8Array([1]), { userId: "u1", origin: "client" }, () => events.push("relayed 1"));
    persistence.enqueueClaim({ document: "n1", clientId: 42, userId: "u1" }, () => events.push("claim 42"));
    await expect(persistence.flush()).rejects.toThrow(/disk full/);
    expect(events).toEqual([]);
    expect(await database.db.select().from(docWriters)).toHaveLength(0); // one transaction: the claim failed with its update

    heal();
    await persistence.flush();
    expect(events).toEqual(["claim 42", "relayed 1"]);
    expect(persistence.commitStats()).toEqual({ commits: 1, rows: 1 });
    expect((await database.db.select().from(docWriters)).map((w) => [w.document, w.clientId, w.userId])).toEqual([["n1", 42, "u1"]]);
  });
});

describe("R-2 a private draft is stored under its own key", () => {
  it("keeps a side's updates and compacted state apart from the live draft's and the other side's", async () => {
    const persistence = new DocPersistence(database);
    const live = new Y.Doc();
    const union = new Y.Doc();
    live.getText("t").insert(0, "live");
    union.getText("t").insert(0, "union");
    await persistence.append("n1", Y.encodeStateAsUpdate(live), { userId: null, origin: "seed" });
    await persistence.append("n1~union", Y.encodeStateAsUpdate(union), { userId: null, origin: "client" });
    const read = async (key: string) => {
      const doc = new Y.Doc();
      await persistence.load(key, doc, null);
      return doc.getText("t").toString();
    };
    expect([await read("n1"), await read("n1~union"), await read("n1~enterprise")]).toEqual(["live", "union", ""]);
    await persistence.compact("n1~union");
    expect(await persistence.pendingCount("n1~union")).toBe(0);
    expect(await persistence.pendingCount("n1")).toBe(1);
    expect([await read("n1"), await read("n1~union")]).toEqual(["live", "union"]);
    await expect(persistence.load("n1~observer", new Y.Doc(), null)).rejects.toThrow(/not a document name/);
  });
});

describe("P-3 opening a long log", () => {
  it("gives the document the updates made, across load batches, after a compacted state", async () => {
    await expectLongLogLoads(database);
  });

  it("reads the same log, in order, on PostgreSQL (the log is read in one aggregate, each dialect its own)", async () => {
    await onPostgres((postgres) => expectLongLogLoads(postgres));
  });
});

describe("C-10 compaction folds what the database holds, not a node's copy", () => {
  it("keeps an edit one copy never received when two copies compact in turn", async () => {
    await expectCompactionKeepsEveryStoredEdit(database, {});
  });

  it("stores a state as small as the document's own, each run of typing one item (opening it costs no more than the document)", async () => {
    const persistence = new DocPersistence(database);
    const source = new Y.Doc();
    const appended: Promise<void>[] = [];
    source.on("update", (update: Uint8Array) => appended.push(persistence.append("n1", update, { userId: null, origin: "test" })));
    const text = source.getText("t");
    for (let i = 0; i < 600; i++) text.insert(i % 50 === 0 ? 0 : text.length, "字");
    await Promise.all(appended);
    await persistence.compact("n1");
    const [row] = await database.db.select({ state: docStates.state }).from(docStates);
    expect(row!.state.length).toBeLessThanOrEqual(Y.encodeStateAsUpdate(source).length);
    const reopened = new Y.Doc();
    await persistence.load("n1", reopened, null);
    expect(reopened.getText("t").toString()).toBe(text.toString());
  });

  it("does the same on PostgreSQL with the document locks several nodes take", async () => {
    await onPostgres((postgres) => expectCompactionKeepsEveryStoredEdit(postgres, { documentLocks: true }));
  });

  // A node opening (or re-reading, after a Redis reconnect) a document while another node folds its
  // log: the fold commits between the load's two reads, whichever table the load reaches first.
  for (const table of ["doc_updates", "doc_states"] as const) {
    it(`a load that another node's compaction commits between its two reads (the compaction holding ${table}) still holds every stored edit`, async () => {
      await onPostgres(async (postgres, url) => {
        const writer = new DocPersistence(postgres);
        const source = new Y.Doc();
        const appended: Promise<void>[] = [];
        source.on("update", (update: Uint8Array) => appended.push(writer.append("n1", update, { userId: null, origin: "client" })));
        const text = source.getText("t");
        text.insert(0, "第一条 配送时限");
        await Promise.all(appended.splice(0));
        await writer.compact("n1");
        for (const piece of ["不少于", "30", "分钟", "【恶劣天气】"]) text.insert(text.length, piece);
        await Promise.all(appended);

        const [loader, observer] = [await openPostgresDriver(url), await openPostgresDriver(url)];
        try {
          const reopened = new Y.Doc();
          let load: Promise<unknown> = Promise.resolve();
          await postgres.write(async (tx) => {
            await rawRun(tx, sql.raw(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`));
            load = new DocPersistence(loader).load("n1", reopened, null);
            const waiting = () =>
              rawColumn<number>(observer.db, sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = ${table}::regclass`);
            for (let i = 0; (await waiting())[0] === 0; i++) {
              if (i > 500) throw new Error(`the load never waited on ${table}`);
              await tick(10);
            }
            await foldLog(tx, "postgres", { negotiationId: "n1", draft: "live" });
          });
          await load;
          expect(reopened.getText("t").toString()).toBe("第一条 配送时限不少于30分钟【恶劣天气】");
          expect(await writer.pendingCount("n1")).toBe(0); // the fold did run
        } finally {
          await Promise.all([loader.close(), observer.close()]);
        }
      });
    });
  }
});

/**
 * Two nodes' copies of one document: node 1 stores an edit whose frame never reaches node 2 (lost
 * in Redis, or node 1 killed between commit and publish). Node 1 compacts (the edit moves from the
 * log into the state), then node 2 does: what it writes must still hold the edit.
 */
async function expectCompactionKeepsEveryStoredEdit(driver: Driver, options: { documentLocks?: boolean }): Promise<void> {
  const [node1, node2] = [new DocPersistence(driver, options), new DocPersistence(driver, options)];
  const base = new Y.Doc();
  base.getText("t").insert(0, "第一条 配送时限");
  const baseUpdate = Y.encodeStateAsUpdate(base);
  await node1.append("n1", baseUpdate, { userId: null, origin: "seed" });
  const [copy1, copy2] = [new Y.Doc(), new Y.Doc()];
  Y.applyUpdate(copy1, baseUpdate);
  Y.applyUpdate(copy2, baseUpdate);
  const edit = (copy: Y.Doc, at: number, text: string) => {
    const before = Y.encodeStateVector(copy);
    copy.getText("t").insert(at, text);
    return Y.encodeStateAsUpdate(copy, before);
  };
  await node1.append("n1", edit(copy1, 0, "【恶劣天气】"), { userId: null, origin: "client" });
  await node1.compact("n1");
  await node2.append("n1", edit(copy2, copy2.getText("t").length, "不少于30分钟"), { userId: null, origin: "client" });
  await node2.compact("n1");
  expect(await node2.pendingCount("n1")).toBe(0);
  const reopened = new Y.Doc();
  await node2.load("n1", reopened, null);
  expect(reopened.getText("t").toString()).toBe("【恶劣天气】第一条 配送时限不少于30分钟");
}

/** Runs `check` on a fresh PostgreSQL database holding negotiation n1 (the log's rows need it there). */
async function onPostgres(check: (postgres: Driver, url: string) => Promise<void>): Promise<void> {
  const url = await createTestDatabase();
  const postgres = await openPostgresDriver(url);
  try {
    await postgres.write(async (tx) => {
      await rawRun(tx, sql`INSERT INTO organisations (id, name, kind, level) VALUES ('o', 'o', 'union', 'city')`);
      await tx.insert(negotiations).values({ id: "n1", title: "n1", scope: "sector", mode: "standard", unionOrgId: "o", enterpriseOrgId: "o", proposedBySide: "union", proposedOn: "2026-11-01" });
    });
    await check(postgres, url);
  } finally {
    await postgres.close();
    await dropTestDatabase(url);
  }
}

/** P-3 on either dialect: a compacted state, then more updates than three load batches. */
async function expectLongLogLoads(driver: Driver): Promise<void> {
  const persistence = new DocPersistence(driver);
  const source = new Y.Doc();
  const text = source.getText("t");
  const appended: Promise<void>[] = [];
  source.on("update", (update: Uint8Array) => appended.push(persistence.append("n1", update, { userId: null, origin: "test" })));
  text.insert(0, "起草");
  await Promise.all(appended.splice(0));
  await persistence.compact("n1");
  for (let i = 0; i < COLLAB_DEFAULTS.loadBatchUpdates * 3 + 5; i++) text.insert(i % 3 === 0 ? 0 : text.length, String(i % 10));
  text.delete(1, 4);
  await Promise.all(appended);

  const loaded = new Y.Doc();
  expect(await persistence.load("n1", loaded, null)).toEqual({ updates: COLLAB_DEFAULTS.loadBatchUpdates * 3 + 6 });
  expect(loaded.getText("t").toString()).toBe(text.toString());
  expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(source));
}
