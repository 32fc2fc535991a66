import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openSqliteDriver, type SqliteDriver } from "./driver.sqlite";
import { openDriver } from "./openDriver";
import { lock } from "./locks";
import { rawRows } from "./raw";
import { organisations } from "./schema";
import { cachingStatements } from "./statementCache";
import Database from "better-sqlite3";

// SQLite on purpose (even when TEST_DATABASE_URL is set): it tests the SQLite driver itself; db/driver.pg.test.ts tests PostgreSQL's.
/** ADR 025: the SQLite driver's write transaction holds across awaits, serialises, and rolls back. */
const work = mkdtempSync(join(tmpdir(), "tongshang-driver-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const opened: SqliteDriver[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});
function open(path: string): SqliteDriver {
  const driver = openSqliteDriver(path);
  opened.push(driver);
  return driver;
}
const org = (id: string) => ({ id, name: id, kind: "union" as const, level: "县" });
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the SQLite driver (ADR 025)", () => {
  it("commits a write whose callback awaits between statements", async () => {
    const driver = open(":memory:");
    await driver.write(async (tx) => {
      await tx.insert(organisations).values(org("a"));
      await tick();
      await tx.insert(organisations).values(org("b"));
    });
    const rows = await driver.db.select({ id: organisations.id }).from(organisations).orderBy(organisations.id);
    expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("rolls back every statement when the callback throws after an await", async () => {
    const driver = open(":memory:");
    await expect(
      driver.write(async (tx) => {
        await tx.insert(organisations).values(org("a"));
        await tick();
        throw new Error("拒绝");
      }),
    ).rejects.toThrow("拒绝");
    expect(await driver.db.select().from(organisations)).toEqual([]);
    expect(driver.sqlite.inTransaction).toBe(false);
  });

  it("runs concurrent writes one after the other, in call order", async () => {
    const driver = open(":memory:");
    const order: string[] = [];
    const slow = driver.write(async (tx) => {
      order.push("slow:start");
      await tick();
      await tick();
      await tx.insert(organisations).values(org("slow"));
      order.push("slow:end");
    });
    const fast = driver.write(async (tx) => {
      order.push("fast:start");
      await tx.insert(organisations).values(org("fast"));
      order.push("fast:end");
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(["slow:start", "slow:end", "fast:start", "fast:end"]);
  });

  it("a write inside a write joins the open transaction instead of deadlocking, and rolls back with it", async () => {
    const driver = open(":memory:");
    await expect(
      driver.write(async (tx) => {
        await tx.insert(organisations).values(org("outer"));
        await driver.write(async (inner) => {
          expect(inner).toBe(tx);
          await inner.insert(organisations).values(org("inner"));
        });
        throw new Error("外层失败");
      }),
    ).rejects.toThrow("外层失败");
    expect(await driver.db.select().from(organisations)).toEqual([]);
  });

  it("on a file, reads through db never see a write that has not committed", async () => {
    const driver = open(join(work, "read.db"));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writing = driver.write(async (tx) => {
      await tx.insert(organisations).values(org("pending"));
      inserted();
      await held;
    });
    await didInsert;
    expect(await driver.db.select().from(organisations)).toEqual([]);
    release();
    await writing;
    expect((await driver.db.select({ id: organisations.id }).from(organisations)).map((r) => r.id)).toEqual(["pending"]);
  });

  it("the read connection refuses writes", async () => {
    const driver = open(join(work, "readonly.db"));
    await expect(async () => driver.db.insert(organisations).values(org("x")).run()).rejects.toThrow(/readonly/i);
  });

  it("lock is a no-op that resolves inside a write", async () => {
    const driver = open(":memory:");
    await driver.write(async (tx) => {
      await lock(tx, "negotiation:n1");
    });
  });

  it("openDriver opens SQLite for a DATABASE_PATH and rawRows reads raw SQL through it", async () => {
    const driver = await openDriver({ databasePath: ":memory:" });
    try {
      expect(driver.dialect).toBe("sqlite");
      await driver.write(async (tx) => {
        await tx.insert(organisations).values(org("raw"));
      });
      const rows = await rawRows<{ n: number }>(driver.db, sql`WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) SELECT n FROM c`);
      expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
      expect(await rawRows<{ id: string }>(driver.db, sql`SELECT id FROM organisations`)).toEqual([{ id: "raw" }]);
    } finally {
      await driver.close();
    }
  });

  it("keeps prepared statements: the same text serves the query builder's array rows and a raw read's objects, through a rollback", async () => {
    const driver = open(join(work, "statements.db"));
    await driver.write(async (tx) => {
      await tx.insert(organisations).values(org("kept"));
    });
    await expect(
      driver.write(async (tx) => {
        await tx.insert(organisations).values(org("rolled-back"));
        throw new Error("拒绝");
      }),
    ).rejects.toThrow("拒绝");
    for (const db of [driver.db, driver.db]) {
      // The query builder reads this text as arrays (drizzle's raw mode), rawRows as objects.
      expect(await db.select({ id: organisations.id }).from(organisations)).toEqual([{ id: "kept" }]);
      expect(await rawRows<{ id: string }>(db, sql`select "id" from "organisations"`)).toEqual([{ id: "kept" }]);
    }
    await driver.write(async (tx) => {
      await tx.insert(organisations).values(org("again"));
      expect(await rawRows<{ id: string }>(tx, sql`select "id" from "organisations" order by "id"`)).toEqual([{ id: "again" }, { id: "kept" }]);
    });
    expect(await rawRows<{ id: string }>(driver.db, sql`select "id" from "organisations" order by "id"`)).toEqual([{ id: "again" }, { id: "kept" }]);
  });

  it("the statement cache prepares a text once while kept, lets the least recently used go, and sees a changed schema", () => {
    const connection = new Database(":memory:");
    try {
      const cached = cachingStatements(connection, 2);
      connection.exec("CREATE TABLE t (a INTEGER)");
      connection.exec("INSERT INTO t VALUES (1)");
      const first = cached.prepare("SELECT * FROM t");
      expect(cached.prepare("SELECT * FROM t")).toBe(first);
      cached.prepare("SELECT 1");
      expect(cached.prepare("SELECT * FROM t")).toBe(first); // used last: kept
      cached.prepare("SELECT 2"); // evicts SELECT 1, the least recently used
      expect(cached.prepare("SELECT * FROM t")).toBe(first);
      expect(cached.prepare("SELECT 1").get()).toEqual({ 1: 1 });
      connection.exec("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x'");
      expect(cached.prepare("SELECT * FROM t").all()).toEqual([{ a: 1, b: "x" }]);
    } finally {
      connection.close();
    }
  });
});
