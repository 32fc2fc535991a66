import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, versions } from "~/db/schema";
import * as Y from "yjs";
import { clausesMap, insertClause, orderedClauses } from "~/shared/collab/docShape";
import { clauseDealer, liveClauses } from "../setup/clauses";
import { connectPeer, synced, waitFor, type TestPeer } from "../setup/collabClient";
import { DEMO_NEGOTIATION, get, login, startTestServer, type TestServer } from "../setup/server";

let server: TestServer;
const cookies: Record<string, string> = {};
const peers: TestPeer[] = [];
/** Clauses of the demo's live draft by what each test does with them (never the demo's ids). */
const C = {} as Record<"fourteenth" | "typedOver" | "replaced" | "byHigherUnion" | "refused" | "parked" | "onPay", string>;

beforeAll(async () => {
  server = await startTestServer();
  const clauses = await liveClauses(server);
  // The fourteenth clause in document order: its milestone version is named 第十四条暂定一致.
  C.fourteenth = clauses[13].id;
  const next = clauseDealer(clauses, [C.fourteenth]);
  for (const purpose of ["typedOver", "replaced", "byHigherUnion", "refused", "parked"] as const) C[purpose] = next().id;
  C.onPay = clauses.filter((c) => c.topic === "pay_method").at(-1)!.id; // a new pay clause goes after the last one
  for (const user of ["union.chief", "union.rep", "platform.chief", "platform.rep", "observer", "outsider", "city.union"]) cookies[user] = await login(server.url, user);
});

afterAll(async () => {
  for (const p of peers) p.destroy();
  await server?.stop();
});

function post(user: string, clauseId: string, form: Record<string, string>) {
  return fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/clauses/${clauseId}`, {
    method: "POST",
    headers: { Cookie: cookies[user] },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

interface WorkspaceData {
  workflow: { agreed: number; total: number; clauses: Record<string, { status: string; proposedBy: string; voided: { body: string } | null; canConfirm: boolean; nextStatuses: string[] }> };
}

async function workspace(user: string): Promise<WorkspaceData> {
  const response = await get(server.url, `/negotiations/${DEMO_NEGOTIATION}?_data=${encodeURIComponent("routes/negotiations.$id._index")}`, cookies[user]);
  expect(response.status).toBe(200);
  return (await response.json()) as WorkspaceData;
}

describe("tentative agreements (SPEC W-2, W-3)", () => {
  it("W-2: both chiefs confirm the fourteenth clause → 暂定一致, and a milestone version is saved", async () => {
    const before = (await server.driver.db.select().from(versions).where(eq(versions.negotiationId, DEMO_NEGOTIATION))).length;
    const first = await post("union.chief", C.fourteenth, { intent: "confirm_ta" });
    expect(await first.json()).toMatchObject({ ok: true, state: "proposed" });
    expect((await workspace("platform.chief")).workflow.clauses[C.fourteenth]).toMatchObject({ status: "negotiating", canConfirm: true });
    expect((await workspace("union.chief")).workflow.clauses[C.fourteenth].canConfirm).toBe(false);

    const second = await post("platform.chief", C.fourteenth, { intent: "confirm_ta" });
    expect(await second.json()).toMatchObject({ ok: true, state: "agreed" });
    const view = await workspace("union.rep");
    expect(view.workflow.clauses[C.fourteenth].status).toBe("agreed");
    expect(view.workflow.agreed).toBe(1);
    const dashboard = (await (await get(server.url, "/api/negotiations", cookies["union.rep"])).json()) as { progress: { agreed: number; total: number } }[];
    expect(dashboard[0].progress).toEqual({ agreed: 1, total: 33 });
    const saved = await server.driver.db.select().from(versions).where(eq(versions.negotiationId, DEMO_NEGOTIATION));
    expect(saved.length).toBe(before + 1);
    expect(saved.at(-1)!.label).toBe("第十四条暂定一致");
  });

  it("W-3: an edit through a real Yjs client voids the agreement, audited, and shows what changed; re-confirming works", async () => {
    const editor = connectPeer(server.url, DEMO_NEGOTIATION, cookies["union.rep"]);
    peers.push(editor);
    await synced(editor);
    orderedClauses(editor.doc).find((c) => c.id === C.fourteenth)!.body.insert(0, "修改:");
    await waitFor(async () => {
      const rows = await server.driver.db.select().from(auditLog).where(and(eq(auditLog.negotiationId, DEMO_NEGOTIATION), eq(auditLog.action, "ta.voided")));
      return rows.length === 1;
    }, 5_000, "ta.voided audit entry");
    const view = await workspace("platform.chief");
    expect(view.workflow.clauses[C.fourteenth].status).toBe("negotiating");
    expect(view.workflow.clauses[C.fourteenth].voided?.body.startsWith("修改:")).toBe(false);
    expect(view.workflow.agreed).toBe(0);

    expect(await (await post("platform.chief", C.fourteenth, { intent: "confirm_ta" })).json()).toMatchObject({ state: "proposed" });
    expect(await (await post("union.chief", C.fourteenth, { intent: "confirm_ta" })).json()).toMatchObject({ state: "agreed" });
    expect((await workspace("union.chief")).workflow.clauses[C.fourteenth]).toMatchObject({ status: "agreed", voided: null });
  });

  it("W-3: replacing a clause's body text or the whole clause entry (not typing into it) voids the agreement too", async () => {
    const editor = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.rep"]);
    peers.push(editor);
    await synced(editor);
    const voided = async (clauseId: string) =>
      (await server.driver.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.negotiationId, DEMO_NEGOTIATION), eq(auditLog.action, "ta.voided"))))
        .filter((row) => (JSON.parse(row.detail) as { clauseId: string }).clauseId === clauseId);
    for (const clauseId of [C.typedOver, C.replaced]) {
      expect(await (await post("union.chief", clauseId, { intent: "confirm_ta" })).json()).toMatchObject({ state: "proposed" });
      expect(await (await post("platform.chief", clauseId, { intent: "confirm_ta" })).json()).toMatchObject({ state: "agreed" });
    }
    const typedOver = orderedClauses(editor.doc).find((c) => c.id === C.typedOver)!;
    typedOver.map.set("body", new Y.Text("由平台单方决定。"));
    const replaced = orderedClauses(editor.doc).find((c) => c.id === C.replaced)!;
    const replacement = new Y.Map<unknown>();
    editor.doc.transact(() => {
      clausesMap(editor.doc).set(C.replaced, replacement);
      replacement.set("position", replaced.position);
      replacement.set("topic", replaced.topic);
      replacement.set("title", new Y.Text(replaced.title.toString()));
      replacement.set("body", new Y.Text("另行约定。"));
    });
    await waitFor(async () => (await voided(C.typedOver)).length === 1 && (await voided(C.replaced)).length === 1, 5_000, "ta.voided for both clauses");
    const view = await workspace("union.chief");
    expect(view.workflow.clauses[C.typedOver]).toMatchObject({ status: "negotiating" });
    expect(view.workflow.clauses[C.replaced]).toMatchObject({ status: "negotiating" });
    expect(view.workflow.clauses[C.typedOver].voided).not.toBeNull();
  });

  it("under 上代下 the higher-level union may confirm for the union side; representatives, observers and outsiders may not", async () => {
    expect(await (await post("city.union", C.byHigherUnion, { intent: "confirm_ta" })).json()).toMatchObject({ ok: true, state: "proposed" });
    expect((await post("union.rep", C.refused, { intent: "confirm_ta" })).status).toBe(403);
    expect((await post("platform.rep", C.refused, { intent: "confirm_ta" })).status).toBe(403);
    expect((await post("observer", C.refused, { intent: "confirm_ta" })).status).toBe(403);
    expect((await post("outsider", C.refused, { intent: "confirm_ta" })).status).toBe(403);
  });
});

describe("clause status (SPEC W-4, W-5)", () => {
  it("W-1: a chief parks a clause (stored, seen by others); a representative of the other side may not; agreed is not set by hand; bad input is a 400", async () => {
    expect((await post("platform.rep", C.parked, { intent: "status", to: "parked" })).status).toBe(403);
    expect((await post("union.chief", C.parked, { intent: "status", to: "parked" })).status).toBe(200);
    expect((await workspace("observer")).workflow.clauses[C.parked].status).toBe("parked");
    expect((await post("union.chief", C.parked, { intent: "status", to: "agreed" })).status).toBe(400);
    expect((await post("union.chief", C.parked, { intent: "nonsense" })).status).toBe(400);
    expect((await post("union.chief", "no-such", { intent: "status", to: "parked" })).status).toBe(404);
  });

  it("W-5: a clause added through the editor is proposed by the adder's side", async () => {
    const platform = connectPeer(server.url, DEMO_NEGOTIATION, cookies["platform.rep"]);
    peers.push(platform);
    await synced(platform);
    insertClause(platform.doc, { id: "cnew1", topic: "pay_method", title: "夜间补贴", body: "22时至次日6时配送的订单,每单补贴1元。" }, C.onPay);
    await new Promise((r) => setTimeout(r, 300));
    const view = await workspace("union.chief");
    expect(view.workflow.clauses.cnew1).toMatchObject({ status: "proposed", proposedBy: "enterprise" });
    // The union takes it up for negotiation; only the enterprise could withdraw it.
    expect(view.workflow.clauses.cnew1.nextStatuses).toContain("negotiating");
    expect(view.workflow.clauses.cnew1.nextStatuses).not.toContain("withdrawn");
  });
});

describe("answering the 要约 (集体合同规定第三十二条)", () => {
  const answer = (user: string) => fetch(`${server.url}/negotiations/${DEMO_NEGOTIATION}/answer`, { method: "POST", headers: { Cookie: cookies[user] }, redirect: "manual" });

  it("the proposing side and representatives may not answer; the other side's chief does, once; the clock is met and bargaining starts", async () => {
    expect((await answer("union.chief")).status).toBe(403);
    expect((await answer("platform.rep")).status).toBe(403);
    expect((await answer("observer")).status).toBe(403);
    const before = (await (await get(server.url, "/api/negotiations", cookies["platform.chief"])).json()) as { status: string; clocks: { key: string; state: string }[] }[];
    expect(before[0].clocks.find((c) => c.key === "proposal_answer")?.state).not.toBe("met");

    const response = await answer("platform.chief");
    expect(response.status).toBe(200);
    const { answeredOn } = (await response.json()) as { answeredOn: string };
    const after = (await (await get(server.url, "/api/negotiations", cookies["union.chief"])).json()) as { status: string; clocks: { key: string; state: string }[] }[];
    expect(after[0].status).toBe("bargaining");
    expect(after[0].clocks.find((c) => c.key === "proposal_answer")?.state).toBe("met");
    const view = (await workspace("union.chief")) as unknown as { clocks: { proposal: { answeredOn: string; canAnswer: boolean } } };
    expect(view.clocks.proposal).toMatchObject({ answeredOn, canAnswer: false });
    expect((await answer("platform.chief")).status).toBe(409);
  });
});
