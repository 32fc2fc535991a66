import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MAX_BODY_CHARS } from "~/shared/agreement";
import { documentFromAgreement, orderedClauses } from "~/shared/collab/docShape";
import { REFUSAL_REASONS } from "~/shared/collab/protocol";
import { inspectUpdate } from "./updateInspector";

/** A server document and a client replica synced from it; `edit` returns the client's update. */
function setup(body = "第一条内容") {
  const server = documentFromAgreement({ title: "协议", clauses: [{ id: "c1", topic: "pay_method", title: "工资", body }] });
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const edit = (fn: (doc: Y.Doc) => void) => {
    const before = Y.encodeStateVector(client);
    client.transact(() => fn(client));
    return Y.encodeStateAsUpdate(client, before);
  };
  const judge = (update: Uint8Array) => inspectUpdate(server, Y.decodeUpdate(update));
  const body1 = (doc: Y.Doc) => orderedClauses(doc)[0].body;
  return { server, client, edit, judge, body1 };
}

describe("C-15 update inspection before an update touches the document", () => {
  it("passes ordinary edits: typing, deleting, a new clause, a title, a move", () => {
    const { edit, judge, body1 } = setup();
    expect(judge(edit((d) => body1(d).insert(2, "加薪")))).toBeNull();
    expect(judge(edit((d) => body1(d).delete(0, 3)))).toBeNull();
    expect(judge(edit((d) => (d.getMap("meta").get("title") as Y.Text).insert(0, "新")))).toBeNull();
    expect(
      judge(
        edit((d) => {
          const m = new Y.Map<unknown>();
          m.set("position", "b");
          m.set("topic", "rest");
          m.set("title", new Y.Text("休息"));
          m.set("body", new Y.Text("每周休息一天"));
          d.getMap("clauses").set("c2", m);
        }),
      ),
    ).toBeNull();
    expect(judge(edit((d) => orderedClauses(d)[0].map.set("position", "c")))).toBeNull();
  });

  it("refuses a new top-level type, a stray meta key, an embed, formatting and a nested map in a title", () => {
    const { edit, judge, server } = setup();
    expect(judge(edit((d) => d.getText("scratch").insert(0, "x")))).toBe(REFUSAL_REASONS.unknownRoot);
    expect(judge(edit((d) => d.getMap("meta").set("evil", "x")))).toBe(REFUSAL_REASONS.unknownKey);
    expect(judge(edit((d) => orderedClauses(d)[0].body.insertEmbed(0, { image: "x" })))).toBe(REFUSAL_REASONS.notPlainText);
    expect(judge(edit((d) => orderedClauses(d)[0].body.format(0, 2, { bold: true })))).toBe(REFUSAL_REASONS.notPlainText);
    expect(
      judge(
        edit((d) => {
          let inner = new Y.Map<unknown>();
          const outer = inner;
          for (let i = 0; i < 200; i++) {
            const next = new Y.Map<unknown>();
            inner.set("x", next);
            inner = next;
          }
          orderedClauses(d)[0].title.insertEmbed(0, outer as unknown as object);
        }),
      ),
    ).toBe(REFUSAL_REASONS.notPlainText);
    expect(judge(edit((d) => orderedClauses(d)[0].map.set("extra", new Y.Array())))).toBe(REFUSAL_REASONS.nesting);
    expect(server.share.has("scratch")).toBe(false);
  });

  it("leaves wrong-shaped primitives to C-11's repair, but bounds their size", () => {
    const { edit, judge } = setup();
    const clause = (d: Y.Doc) => d.getMap<Y.Map<unknown>>("clauses").get("c1")!;
    expect(judge(edit((d) => clause(d).set("position", 42)))).toBeNull();
    expect(judge(edit((d) => d.getMap("clauses").set("junk", "not a clause")))).toBeNull();
    expect(judge(edit((d) => clause(d).set("extra", "x".repeat(10_000))))).toBe(REFUSAL_REASONS.valueTooLong);
  });

  it("a clause body may reach MAX_BODY_CHARS, not pass it; a replacement counts its own deletion", () => {
    const { edit, judge, server, client, body1 } = setup("字".repeat(MAX_BODY_CHARS - 10));
    expect(judge(edit((d) => body1(d).insert(0, "多".repeat(10))))).toBeNull();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    expect(judge(edit((d) => body1(d).insert(0, "超")))).toBe(REFUSAL_REASONS.bodyTooLong);
    // Select-all and paste: 50,000 characters deleted, 50,000 inserted, in one update.
    const fresh = setup("字".repeat(MAX_BODY_CHARS));
    expect(fresh.judge(fresh.edit((d) => (fresh.body1(d).delete(0, MAX_BODY_CHARS), fresh.body1(d).insert(0, "新".repeat(MAX_BODY_CHARS)))))).toBeNull();
    // A new clause arriving with a body a million characters long.
    expect(
      judge(
        edit((d) => {
          const m = new Y.Map<unknown>();
          m.set("position", "z");
          m.set("topic", "rest");
          m.set("title", new Y.Text("长"));
          m.set("body", new Y.Text("长".repeat(1_000_000)));
          d.getMap("clauses").set("big", m);
        }),
      ),
    ).toBe(REFUSAL_REASONS.bodyTooLong);
  });

  it("an update building on content the server lacks is not judged yet (Yjs holds it pending)", () => {
    const { edit, judge, body1 } = setup();
    edit((d) => body1(d).insert(0, "甲")); // never sent
    expect(judge(edit((d) => body1(d).insert(1, "乙")))).toBeNull();
  });
});
