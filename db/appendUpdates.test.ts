import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendUpdates, type UpdateRow } from "./appendUpdates";
import type { Driver } from "./driver";
import { openPostgresDriver } from "./driver.pg";
import { openSqliteDriver } from "./driver.sqlite";
import { createTestDatabase, dropTestDatabase } from "./pgTestDatabase";
import { rawColumn } from "./raw";
import { negotiations, organisations } from "./schema";
import { sql } from "drizzle-orm";
import { COLLAB_DEFAULTS } from "~/shared/collab/defaults";

/** The collaboration log's append (C-4's group commit) on both dialects, against the same rows. */
const dialects: { name: string; open: () => Promise<{ driver: Driver; close: () => Promise<void> }> }[] = [
  {
    name: "SQLite",
    open: async () => {
      const driver = openSqliteDriver(":memory:");
      return { driver, close: () => driver.close() };
    },
  },
  {
    name: "PostgreSQL",
    open: async () => {
      const url = await createTestDatabase();
      const driver = await openPostgresDriver(url);
      return { driver, close: async () => (await driver.close(), await dropTestDatabase(url)) };
    },
  },
];

const row = (negotiationId: string, i: number, userId: string | null): UpdateRow => ({
  lockKey: `document:${negotiationId}`,
  negotiationId,
  draft: i % 3 === 0 ? "union" : "live",
  update: new Uint8Array([i % 256, Math.floor(i / 256)]),
  userId,
  origin: i % 2 ? "client" : "server",
});

for (const dialect of dialects) {
  describe(`appendUpdates on ${dialect.name}`, () => {
    let opened: Awaited<ReturnType<(typeof dialects)[number]["open"]>>;
    beforeAll(async () => {
      opened = await dialect.open();
      await opened.driver.write(async (tx) => {
        await tx.insert(organisations).values([{ id: "a-u", name: "工会", kind: "union", level: "city" }, { id: "a-e", name: "企业", kind: "enterprise", level: "enterprise" }]);
        await tx.insert(negotiations).values({ id: "a-n", title: "t", scope: "sector", mode: "standard", unionOrgId: "a-u", enterpriseOrgId: "a-e", proposedBySide: "union", proposedOn: "2026-01-05" });
      });
    });
    afterAll(() => opened?.close());

    const stored = () =>
      rawColumn<string>(opened.driver.db, sql`SELECT negotiation_id || '|' || draft || '|' || coalesce(user_id, '-') || '|' || origin || '|' || created_at AS r FROM doc_updates ORDER BY id`);
    const storedBytes = () => rawColumn<Uint8Array>(opened.driver.db, sql`SELECT "update" FROM doc_updates ORDER BY id`);

    it("C-4 stores every row in arrival order, more than one statement's worth, with its columns as given", async () => {
      const count = COLLAB_DEFAULTS.insertRowsPerStatementRows + 7;
      const rows = Array.from({ length: count }, (_, i) => row("a-n", i, i % 5 === 0 ? null : `user-${i % 4}`));
      await appendUpdates(opened.driver, rows, 1_234);
      expect(await stored()).toEqual(rows.map((r) => `a-n|${r.draft}|${r.userId ?? "-"}|${r.origin}|1234`));
      expect((await storedBytes()).map((b) => [...b])).toEqual(rows.map((r) => [...r.update]));
    });

    it("C-4 stores nothing of a batch the database refuses, and rejects with the database's own reason", async () => {
      const before = (await stored()).length;
      const rows = [...Array.from({ length: COLLAB_DEFAULTS.insertRowsPerStatementRows + 1 }, (_, i) => row("a-n", i, null)), row("no-such-negotiation", 1, null)];
      await expect(appendUpdates(opened.driver, rows, 1, [{ document: "a-n", clientId: 99, userId: "user-9" }])).rejects.toThrow(/foreign key/i);
      expect(await stored()).toHaveLength(before);
      expect(await claims()).not.toContain("a-n|99|user-9");
    });

    const claims = () => rawColumn<string>(opened.driver.db, sql`SELECT document || '|' || client_id || '|' || user_id || '|' || created_at AS r FROM doc_writers ORDER BY document, client_id`);

    it("C-13 stores a commit's writer claims with its rows, the first claim of an id standing, and claims alone", async () => {
      const before = (await stored()).length;
      // 2^32 - 1: Yjs client ids are unsigned 32-bit, past a signed integer column.
      await appendUpdates(opened.driver, [row("a-n", 1, "user-1")], 50, [
        { document: "a-n", clientId: 4_294_967_295, userId: "user-1" },
        { document: "a-n~union", clientId: 7, userId: "user-2" },
      ]);
      expect(await stored()).toHaveLength(before + 1);
      await appendUpdates(opened.driver, [], 60, [
        { document: "a-n", clientId: 4_294_967_295, userId: "user-3" },
        { document: "a-n", clientId: 8, userId: "user-3" },
      ]);
      expect(await claims()).toEqual(["a-n|8|user-3|60", "a-n|4294967295|user-1|50", "a-n~union|7|user-2|50"]);
      expect(await stored()).toHaveLength(before + 1);
    });
  });
}
