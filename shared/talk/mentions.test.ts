import { describe, expect, it } from "vitest";
import { mentionSegments, parseMentions, type Mentionable } from "./mentions";

const people: Mentionable[] = [
  { userId: "u1", username: "union.chief", displayName: "王建国" },
  { userId: "u2", username: "platform.chief", displayName: "李敏" },
  { userId: "u3", username: "platform.rep", displayName: "李敏华" },
];

describe("@mentions", () => {
  it("finds usernames and display names, distinct, in order", () => {
    expect(parseMentions("@platform.chief 请看第十四条,@王建国 也请确认。@李敏 再看", people)).toEqual(["u2", "u1"]);
  });

  it("prefers the longest handle (李敏华 over 李敏)", () => {
    expect(parseMentions("@李敏华你好", people)).toEqual(["u3"]);
  });

  it("ignores unknown names, e-mail-like text and a username running on", () => {
    expect(parseMentions("@nobody 写信到 a@b.com,@union.chiefs", people)).toEqual([]);
  });

  it("a full stop after a username ends the mention", () => {
    expect(parseMentions("请 @union.chief.", people)).toEqual(["u1"]);
  });

  it("splits into segments for highlighting, keeping every character", () => {
    const text = "同意,@platform.rep 请修改。";
    const segments = mentionSegments(text, people);
    expect(segments).toEqual([
      { kind: "text", text: "同意," },
      { kind: "mention", text: "@platform.rep", userId: "u3" },
      { kind: "text", text: " 请修改。" },
    ]);
    expect(segments.map((s) => s.text).join("")).toBe(text);
  });
});
