import { eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Driver } from "~/db/driver";
import { auditLog, negotiations, organisations, tentativeAgreements } from "~/db/schema";
import v2 from "~/db/seed-data/agreement-v2.json";
import { agreementContentSchema } from "~/shared/agreement";
import { applyAgreement, orderedClauses, type ClauseEntry } from "~/shared/collab/docShape";
import type { SharedDocument } from "../collab/sharedDocument";
import { EventHub } from "../events/hub";
import { clauseContentHash } from "./clauseHash";
import { openTestDriver, type TestDriver } from "~/tests/setup/testDriver";
import { WorkflowService } from "./service";

const N = "n-watch";
const content = agreementContentSchema.parse(v2);
const client = { userId: null, label: "client" };

let database: TestDriver;
let driver: Driver;
let workflow: WorkflowService;
let doc: Y.Doc;

beforeEach(async () => {
  database = await openTestDriver();
  driver = database.driver;
  await driver.write(async (tx) => {
    await tx.insert(organisations).values([
      { id: "org-u", name: "工会", kind: "union", level: "sector" },
      { id: "org-e", name: "企业", kind: "enterprise", level: "platform" },
    ]);
    await tx.insert(negotiations).values({ id: N, title: "t", scope: "sector", mode: "standard", unionOrgId: "org-u", enterpriseOrgId: "org-e", proposedBySide: "union", proposedOn: "2026-11-10" });
  });
  workflow = new WorkflowService(driver, new EventHub());
  doc = new Y.Doc();
  applyAgreement(doc, content, null);
  workflow.attach({ negotiationId: N, doc } as unknown as SharedDocument);
  await workflow.refresh(N);
});

afterEach(async () => {
  await workflow.close();
  await database.close();
});

async function agree(id: string, clause: ClauseEntry): Promise<void> {
  await driver.write(async (tx) => {
    await tx.insert(tentativeAgreements).values({ id, negotiationId: N, clauseId: clause.id, contentHash: clauseContentHash(clause.title.toString(), clause.body.toString()), unionConfirmedAt: 1, enterpriseConfirmedAt: 1 });
  });
}

const ta = async (id: string) => (await driver.db.select().from(tentativeAgreements).where(eq(tentativeAgreements.id, id)))[0];
const clauseCount = async () => (await driver.db.select({ n: negotiations.clauseCount }).from(negotiations).where(eq(negotiations.id, N)))[0].n;

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("the clause watcher (W-3) through the driver", () => {
  it("keeps the clause count and voids an agreement whose text an edit changed, audited", async () => {
    expect(await clauseCount()).toBe(content.clauses.length);
    const [first] = orderedClauses(doc);
    await agree("ta-1", first);
    await workflow.refresh(N);
    doc.transact(() => first.body.insert(0, "修改:"), client);
    await until(async () => (await ta("ta-1")).voidedAt !== null);
    expect((await ta("ta-1")).voidReason).toBe("text_changed");
    expect((await driver.db.select().from(auditLog)).map((a) => a.action)).toEqual(["ta.voided"]);
  });

  it("an agreement committed just before its refresh is voided when the text had already moved on", async () => {
    const [, second] = orderedClauses(doc);
    await agree("ta-2", second);
    // The edit arrives before the command refreshed the cache: the cache does not know ta-2 yet.
    doc.transact(() => second.body.insert(0, "又改:"), client);
    await workflow.refresh(N);
    expect((await ta("ta-2")).voidReason).toBe("text_changed");
  });

  it("an edit observed inside someone's open write is checked in a transaction of its own, after it", async () => {
    const [first] = orderedClauses(doc);
    await agree("ta-3", first);
    await workflow.refresh(N);
    await driver.write(async () => {
      doc.transact(() => first.title.insert(0, "新"), { userId: null, label: "round" });
    });
    await workflow.refresh(N);
    expect((await ta("ta-3")).voidReason).toBe("text_changed");
  });

  it("an edit undone before the check voids nothing; a deleted clause is counted and its agreement voided", async () => {
    const [first, second] = orderedClauses(doc);
    await agree("ta-4", first);
    await agree("ta-5", second);
    await workflow.refresh(N);
    // Two edits in one tick: the check runs after both and finds the agreed text again.
    doc.transact(() => first.body.insert(0, "x"), client);
    doc.transact(() => first.body.delete(0, 1), client);
    doc.transact(() => doc.getMap("clauses").delete(second.id), client);
    await workflow.refresh(N);
    expect((await ta("ta-4")).voidedAt).toBeNull();
    expect((await ta("ta-5")).voidReason).toBe("clause_deleted");
    expect(await clauseCount()).toBe(content.clauses.length - 1);
  });
});
