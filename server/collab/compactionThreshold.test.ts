import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteDriver, type SqliteDriver } from "~/db/driver.sqlite";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";
import { compactionThreshold } from "./compactionThreshold";
import { DocPersistence } from "./persistence";
import { SharedDocument } from "./sharedDocument";

const { compactAfterUpdates, compactSpreadUpdates } = COLLAB_DEFAULTS;

describe("compactionThreshold", () => {
  it("keeps every document's fold at or under the ceiling and within the spread, the same on every call", () => {
    for (let i = 0; i < 2_000; i++) {
      const key = `neg-${i}${i % 3 === 0 ? "~union" : ""}`;
      const threshold = compactionThreshold(key);
      expect(threshold).toBeLessThanOrEqual(compactAfterUpdates);
      expect(threshold).toBeGreaterThan(compactAfterUpdates - compactSpreadUpdates);
      expect(compactionThreshold(key)).toBe(threshold);
    }
  });

  it("spreads documents whose names differ in a digit (copies opened together) over the range", () => {
    const thresholds = Array.from({ length: 20 }, (_, i) => compactionThreshold(`bench-cluster-${i}`));
    expect(new Set(thresholds).size).toBeGreaterThanOrEqual(15);
    expect(Math.max(...thresholds) - Math.min(...thresholds)).toBeGreaterThanOrEqual(compactSpreadUpdates / 2);
  });
});

describe("a document folds its log at its own threshold", () => {
  let database: SqliteDriver;
  beforeEach(() => {
    database = openSqliteDriver(":memory:");
    database.sqlite.pragma("foreign_keys = OFF"); // the updates' negotiations have no rows here
  });
  afterEach(() => database.close());

  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Types one committed update at a time into `key`, reading its log after each: the log is to hold
   * every edit until the `expected`-th, which folds it. A fold runs after the commit, asynchronously,
   * so the edits on either side of `expected` give it time to land.
   */
  async function editsUntilFolded(key: string, expected: number): Promise<number> {
    const persistence = new DocPersistence(database);
    const shared = await SharedDocument.open(key, persistence, { locked: false });
    try {
      const text = shared.doc.getText("t");
      for (let edits = 1; edits <= compactAfterUpdates + 1; edits++) {
        shared.doc.transact(() => text.insert(text.length, "字"), { userId: "u1", label: "client" });
        await shared.flushPending();
        if (Math.abs(edits - expected) <= 1) {
          for (let waited = 0; waited < 2_000 && (await persistence.pendingCount(key)) === edits; waited += 10) await settle(10);
        }
        const rows = await persistence.pendingCount(key);
        if (rows === 0) return edits;
        expect(rows).toBe(edits);
      }
      return Number.NaN;
    } finally {
      shared.destroy();
    }
  }

  it("two documents opened together fold at different counts, each exactly at its threshold", async () => {
    const [first, second] = ["table-1", "table-2"].map(compactionThreshold);
    expect(first).not.toBe(second);
    expect(await editsUntilFolded("table-1", first!)).toBe(first);
    expect(await editsUntilFolded("table-2", second!)).toBe(second);
  });
});
