import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openSqliteDriver, type SqliteDriver } from "~/db/driver.sqlite";
import { auditLog } from "~/db/schema";
import { clausesMap } from "~/shared/collab/docShape";
import { DocPersistence } from "./persistence";
import { guardShape } from "./shapeGuard";
import { SharedDocument } from "./sharedDocument";

// SQLite on purpose (even when TEST_DATABASE_URL is set): it fails writes with a SQLite trigger and turns foreign keys off per connection.
let database: SqliteDriver;

beforeEach(() => {
  database = openSqliteDriver(":memory:");
  database.sqlite.pragma("foreign_keys = OFF"); // a document without a negotiation row
});
afterEach(() => database.close());

describe("C-11 shape repair when the database refuses a write", () => {
  it("a repair whose audit entry cannot be written is logged, not thrown from its microtask", async () => {
    const shared = await SharedDocument.open("n1", new DocPersistence(database), { locked: false });
    guardShape(shared, database);
    // Every audit write fails, as on a full disk. The repair runs in a microtask: a throw there is
    // uncaught (vitest fails the run on it; Node would exit).
    database.sqlite.exec("CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;");
    clausesMap(shared.doc).set("bad id!", new Y.Map());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clausesMap(shared.doc).has("bad id!")).toBe(false); // the repair itself went through
    expect(await database.db.select().from(auditLog)).toHaveLength(0);
    database.sqlite.exec("DROP TRIGGER fail_audit");
    await shared.flushPending();
    shared.destroy();
  });
});
