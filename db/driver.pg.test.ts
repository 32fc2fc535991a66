import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, sql } from "drizzle-orm";
import { readFileSync } from "node:fs";
import { openPostgresDriver, type PostgresDriver } from "./driver.pg";
import { appendAcrossNodes } from "./appendUpdates";
import { lock } from "./locks";
import { createTestDatabase, dropTestDatabase } from "./pgTestDatabase";
import { auditLog, comments, docStates, negotiations, organisations, participants, users } from "./schema";
import type { Db } from "./client";

/** A promise with its resolver outside, to hold one transaction open while another runs. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const journal = JSON.parse(readFileSync(new URL("./migrations-pg/meta/_journal.json", import.meta.url), "utf8")) as { entries: unknown[] };

let url: string;
let driver: PostgresDriver;

beforeAll(async () => {
  url = await createTestDatabase();
  // Two nodes starting at once (issue 16): both open, the advisory lock lets one migrate.
  const [a, b] = await Promise.all([openPostgresDriver(url), openPostgresDriver(url)]);
  await b.close();
  driver = a;
});

afterAll(async () => {
  await driver?.close();
  if (url) await dropTestDatabase(url);
});

async function waitersOnAdvisoryLocks(): Promise<number> {
  const rows = await driver.pool.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
  return Number(rows.rows[0].n);
}

async function untilAWriterWaits(): Promise<void> {
  // Polls PostgreSQL's own lock table, not a clock: returns once a transaction is queued on an advisory lock.
  while ((await waitersOnAdvisoryLocks()) === 0) await new Promise((resolve) => setImmediate(resolve));
}

async function seedOrg(db: Db, id: string): Promise<void> {
  await db.insert(organisations).values({ id, name: id, kind: "union", level: "city" });
}

describe("PostgreSQL driver (issue 16)", () => {
  it("applies the migrations once when two drivers open the same database concurrently", async () => {
    const applied = await driver.pool.query("SELECT count(*) AS n FROM drizzle.__drizzle_migrations");
    expect(Number(applied.rows[0].n)).toBe(journal.entries.length);
    const third = await openPostgresDriver(url);
    await third.close();
    const again = await driver.pool.query("SELECT count(*) AS n FROM drizzle.__drizzle_migrations");
    expect(Number(again.rows[0].n)).toBe(journal.entries.length);
  });

  it("commits a write that resolves and rolls back one that throws", async () => {
    await driver.write((tx) => seedOrg(tx, "org-commit"));
    await expect(
      driver.write(async (tx) => {
        await seedOrg(tx, "org-rollback");
        throw new Error("拒绝 refused");
      }),
    ).rejects.toThrow("拒绝");
    const ids = (await driver.db.select({ id: organisations.id }).from(organisations)).map((r) => r.id);
    expect(ids).toContain("org-commit");
    expect(ids).not.toContain("org-rollback");
  });

  /** Read-check-write: append a claim only if none exists; `afterRead` holds the writer between its read and its write. */
  async function claimIfAbsent(key: string, withLock: boolean, afterRead: () => Promise<void>): Promise<boolean> {
    return driver.write(async (tx) => {
      if (withLock) await lock(tx, `claim:${key}`);
      const [found] = await tx.select({ n: count() }).from(auditLog).where(eq(auditLog.action, key));
      await afterRead();
      if (found.n > 0) return false;
      await tx.insert(auditLog).values({ at: Date.now(), action: key, detail: "{}", prevHash: "0", hash: "0" });
      return true;
    });
  }

  it("without a lock the read-check-write race double-succeeds (the test can fail)", async () => {
    // A barrier: each writer waits after its read until both have read.
    let reads = 0;
    const both = gate();
    const afterRead = async () => {
      if (++reads === 2) both.open();
      await both.opened;
    };
    const results = await Promise.all([claimIfAbsent("race-unlocked", false, afterRead), claimIfAbsent("race-unlocked", false, afterRead)]);
    expect(results).toEqual([true, true]);
  });

  it("two writes that lock the same key serialise: the second sees the first's row", async () => {
    const first = gate();
    const aHasRead = gate();
    const a = claimIfAbsent("race-locked", true, () => {
      aHasRead.open();
      return first.opened;
    });
    await aHasRead.opened;
    // a holds the lock and has read "absent"; b must queue behind it rather than read the same.
    const b = claimIfAbsent("race-locked", true, async () => {});
    await untilAWriterWaits();
    first.open();
    expect(await Promise.all([a, b])).toEqual([true, false]);
    const [{ n }] = await driver.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "race-locked"));
    expect(n).toBe(1);
  });

  it("a different key does not wait for a held lock", async () => {
    const held = gate();
    const holder = driver.write(async (tx) => {
      await lock(tx, "key-one");
      await held.opened;
    });
    // Completes while key-one is still held: it would hang here if the keys collided.
    await driver.write((tx) => lock(tx, "key-two"));
    expect(await waitersOnAdvisoryLocks()).toBe(0);
    held.open();
    await holder;
  });

  it("a thrown error ends the transaction and releases its lock", async () => {
    await expect(
      driver.write(async (tx) => {
        await lock(tx, "key-thrown");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const other = await driver.pool.connect();
    try {
      const got = await other.query("SELECT pg_try_advisory_lock(hashtextextended('key-thrown', 0)) AS ok");
      expect(got.rows[0].ok).toBe(true);
      await other.query("SELECT pg_advisory_unlock(hashtextextended('key-thrown', 0))");
    } finally {
      other.release();
    }
  });

  it("exclusively runs concurrent callers one after another", async () => {
    const order: string[] = [];
    const first = gate();
    const aInside = gate();
    const a = driver.exclusively("seed", async () => {
      order.push("a:start");
      aInside.open();
      await first.opened;
      order.push("a:end");
    });
    // b asks only once a holds the lock (taking it is a connection and a round trip away).
    await aInside.opened;
    const b = driver.exclusively("seed", async () => {
      order.push("b");
    });
    await untilAWriterWaits();
    first.open();
    await Promise.all([a, b]);
    expect(order).toEqual(["a:start", "a:end", "b"]);
  });

  it("appendAcrossNodes stores in order, defers a document another node's command holds, refuses a signed one, and trusts this node's own hold (ADR 027)", async () => {
    await seedOrg(driver.db, "append-u");
    await seedOrg(driver.db, "append-e");
    const negotiation = (id: string, lockedAt: number | null = null) => ({
      id, title: id, scope: "sector" as const, mode: "standard" as const, unionOrgId: "append-u", enterpriseOrgId: "append-e", proposedBySide: "union" as const, proposedOn: "2026-01-05", lockedAt,
    });
    await driver.db.insert(negotiations).values([negotiation("n-free"), negotiation("n-held"), negotiation("n-signed", Date.now()), negotiation("n-ours-signed", Date.now())]);
    const row = (negotiationId: string, byte: number) => ({ lockKey: `document:${negotiationId}`, negotiationId, draft: "live", update: new Uint8Array([byte]), userId: null, origin: "test" });
    const logged = async (negotiationId: string) =>
      (await driver.pool.query("SELECT \"update\" FROM doc_updates WHERE negotiation_id = $1 ORDER BY id", [negotiationId])).rows.map((r: { update: Buffer }) => r.update[0]);

    const inside = gate();
    const release = gate();
    // Another node's command on n-held (and one this node runs on n-ours-signed, holding its lock on another connection).
    const holder = driver.exclusively(["document:n-held", "document:n-ours-signed"], async () => {
      inside.open();
      await release.opened;
    });
    await inside.opened;
    const rows = [row("n-free", 1), row("n-held", 2), row("n-signed", 3), row("n-free", 4), row("n-ours-signed", 5), row("n-free", 6)];
    const claims = [{ document: "n-free", clientId: 11, userId: "u-free" }, { document: "n-held", clientId: 12, userId: "u-held" }, { document: "n-signed", clientId: 13, userId: "u-signed" }];
    const outcomes = await appendAcrossNodes(driver, rows, ["document:n-ours-signed"], Date.now(), claims);
    expect(Object.fromEntries(outcomes)).toEqual({
      "document:n-free": "stored",
      "document:n-held": "deferred",
      "document:n-signed": "refused",
      "document:n-ours-signed": "stored",
    });
    expect(await logged("n-free")).toEqual([1, 4, 6]);
    expect(await logged("n-held")).toEqual([]);
    expect(await logged("n-signed")).toEqual([]);
    expect(await logged("n-ours-signed")).toEqual([5]);
    // The claims went in with the statement, whatever became of their documents' rows (C-13).
    const stored = await driver.pool.query("SELECT document, client_id, user_id FROM doc_writers ORDER BY client_id");
    expect(stored.rows.map((r: { document: string; client_id: string; user_id: string }) => [r.document, Number(r.client_id), r.user_id])).toEqual(claims.map((c) => [c.document, c.clientId, c.userId]));
    // No hold outlives the statement: the command finishes and takes its locks again at once.
    release.open();
    await holder;
    await driver.exclusively("document:n-free", async () => {});
    expect(await waitersOnAdvisoryLocks()).toBe(0);
    // Once the command let go, the deferred document's rows go in.
    expect(Object.fromEntries(await appendAcrossNodes(driver, [row("n-held", 2)], [], Date.now()))).toEqual({ "document:n-held": "stored" });
    expect(await logged("n-held")).toEqual([2]);
  });

  it("appendAcrossNodes never stores into an agreement signed under the document lock, whenever it meets the signing", async () => {
    await driver.db.insert(negotiations).values({
      id: "n-race", title: "n-race", scope: "sector", mode: "standard", unionOrgId: "append-u", enterpriseOrgId: "append-e", proposedBySide: "union", proposedOn: "2026-01-05",
    });
    const row = { lockKey: "document:n-race", negotiationId: "n-race", draft: "live", update: new Uint8Array([9]), userId: null, origin: "test" };
    // The signing command: holds the document, sets locked_at, commits and lets go.
    const signing = driver.exclusively("document:n-race", () =>
      driver.write(async (tx) => {
        await tx.update(negotiations).set({ lockedAt: Date.now() }).where(eq(negotiations.id, "n-race"));
      }),
    );
    const during = await appendAcrossNodes(driver, [row], [], Date.now());
    await signing;
    const after = await appendAcrossNodes(driver, [row], [], Date.now());
    // Whichever moment the first call met, it never stored into the signed agreement; the second is refused.
    expect(["deferred", "stored"]).toContain(during.get("document:n-race"));
    expect(after.get("document:n-race")).toBe("refused");
    const stored = Number((await driver.pool.query("SELECT count(*) AS n FROM doc_updates WHERE negotiation_id = 'n-race'")).rows[0].n);
    expect(stored).toBe(during.get("document:n-race") === "stored" ? 1 : 0);
  });
});

describe("db/schema.ts's SQLite tables run on node-postgres (ADR 026)", () => {
  beforeAll(async () => {
    await seedOrg(driver.db, "u-org");
    await seedOrg(driver.db, "e-org");
  });

  it("inserts with SQL defaults and returns them: ms timestamps and int8 as numbers, booleans as booleans", async () => {
    const before = Date.now() - 1000;
    const [org] = await driver.db.select().from(organisations).where(eq(organisations.id, "u-org"));
    expect(typeof org.createdAt).toBe("number");
    expect(org.createdAt).toBeGreaterThan(before);
    const [user] = await driver.db
      .insert(users)
      .values({ id: "user-1", username: "chief", displayName: "主席", passwordHash: "x", organisationId: "u-org" })
      .returning();
    expect(user.isAdmin).toBe(false);
    expect(user.disabledAt).toBeNull();
    const [admin] = await driver.db.update(users).set({ isAdmin: true, disabledAt: 1_700_000_000_000 }).where(eq(users.id, "user-1")).returning();
    expect(admin.isAdmin).toBe(true);
    expect(admin.disabledAt).toBe(1_700_000_000_000);
    const admins = await driver.db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true));
    expect(admins).toEqual([{ id: "user-1" }]);
  });

  it("json text columns round-trip, with and without their default", async () => {
    await driver.db.insert(negotiations).values({
      id: "neg-1", title: "2026 外卖骑手集体合同", scope: "sector", mode: "standard", unionOrgId: "u-org", enterpriseOrgId: "e-org",
      proposedBySide: "union", proposedOn: "2026-01-05",
    });
    await driver.db.insert(comments).values([
      { id: "c-1", negotiationId: "neg-1", authorId: "user-1", body: "默认" },
      { id: "c-2", negotiationId: "neg-1", authorId: "user-1", body: "@主席", mentions: ["user-1"] },
    ]);
    const rows = await driver.db.select({ id: comments.id, mentions: comments.mentions }).from(comments).orderBy(comments.id);
    expect(rows).toEqual([{ id: "c-1", mentions: [] }, { id: "c-2", mentions: ["user-1"] }]);
    const [neg] = await driver.db.select().from(negotiations).where(eq(negotiations.id, "neg-1"));
    expect(neg.status).toBe("proposed");
    expect(neg.minimumWageArea).toBe("内蒙古·一类");
  });

  it("upserts a blob with onConflictDoUpdate and reads the bytes back as a Buffer", async () => {
    const first = Buffer.from([0, 1, 2, 255]);
    const second = Buffer.from([9, 8, 7]);
    for (const [state, updatedAt] of [[first, 1], [second, 2]] as const) {
      await driver.db
        .insert(docStates)
        .values({ negotiationId: "neg-1", state, updatedAt })
        .onConflictDoUpdate({ target: [docStates.negotiationId, docStates.draft], set: { state, updatedAt } });
    }
    const rows = await driver.db.select().from(docStates).where(and(eq(docStates.negotiationId, "neg-1"), eq(docStates.draft, "live")));
    expect(rows).toHaveLength(1);
    expect(Buffer.isBuffer(rows[0].state)).toBe(true);
    expect([...rows[0].state]).toEqual([9, 8, 7]);
    expect(rows[0].updatedAt).toBe(2);
  });

  it("a unique index conflict is refused, skipped by onConflictDoNothing, and autoincrement ids return as numbers", async () => {
    const row = { id: "p-1", negotiationId: "neg-1", userId: "user-1", side: "union", role: "chief" } as const;
    await driver.db.insert(participants).values(row);
    const refused = await driver.db.insert(participants).values({ ...row, id: "p-2" }).then(() => null, (error: Error) => error);
    expect((refused?.cause as { constraint?: string } | undefined)?.constraint).toBe("participants_negotiation_user_idx");
    const skipped = await driver.db.insert(participants).values({ ...row, id: "p-3" }).onConflictDoNothing().returning();
    expect(skipped).toEqual([]);
    const [entry] = await driver.db
      .insert(auditLog)
      .values({ negotiationId: "neg-1", at: Date.now(), action: "test", detail: "{}", prevHash: "0", hash: "1" })
      .returning({ id: auditLog.id });
    expect(typeof entry.id).toBe("number");
    const [{ n }] = await driver.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(eq(auditLog.action, "test"));
    expect(n).toBe(1);
  });
});
