import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { participants, users } from "~/db/schema";
import { DEMO_NEGOTIATION, login, startTestServer, type TestServer } from "../setup/server";

/**
 * docs/SPEC.md X-4: an event stream ends with the session and the seat it was opened under — at
 * sign-out, when the account is disabled or its password reset, when the seat changes or is
 * removed — through the same notification as the collaboration sockets (C-12). Read as a browser's
 * EventSource reads it: one long HTTP response, frames split by blank lines.
 */
let server: TestServer;
const EVENTS = `/negotiations/${DEMO_NEGOTIATION}/events`;
const open: EventStream[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const stream of open) stream.cancel();
  await server?.stop();
});

/** The parts of an EventSource that matter here: the frames received, and whether the server ended the stream. */
class EventStream {
  readonly frames: string[] = [];
  ended = false;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {
    void this.pump();
  }

  private async pump() {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await this.reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          this.frames.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        this.notify();
      }
    } catch {
      /* cancelled */
    }
    this.ended = true;
    this.notify();
  }

  private notify() {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves when `predicate` holds; fails the test after `timeoutMs` (a generous bound, not a measurement). */
  until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  kinds(): string[] {
    return this.frames.filter((f) => f.startsWith("data: ")).map((f) => (JSON.parse(f.slice(6)) as { kind: string }).kind);
  }

  cancel() {
    void this.reader.cancel().catch(() => {});
  }
}

async function openStream(cookie: string): Promise<EventStream> {
  const response = await fetch(`${server.url}${EVENTS}`, { headers: { Cookie: cookie, Accept: "text/event-stream" } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const stream = new EventStream(response.body!.getReader());
  open.push(stream);
  await stream.until(() => stream.frames.some((f) => f.startsWith("retry:")), "the stream's first frame");
  return stream;
}

/** A "something changed" notification, as every command publishes one. */
async function publishAndSee(stream: EventStream, kind: "comments" | "workflow") {
  const before = stream.kinds().length;
  server.context.events.publish(DEMO_NEGOTIATION, { kind });
  await stream.until(() => stream.kinds().length > before, `a ${kind} event`);
}

const post = (path: string, cookie: string, form: Record<string, string>) =>
  fetch(`${server.url}${path}`, { method: "POST", headers: { Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });

const userId = async (username: string) => (await server.driver.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1))[0]!.id;
const participantId = async (username: string) => {
  const user = await userId(username);
  return (
    await server.driver.db
      .select({ id: participants.id })
      .from(participants)
      .where(and(eq(participants.negotiationId, DEMO_NEGOTIATION), eq(participants.userId, user)))
      .limit(1)
  )[0]!.id;
};

describe("X-4 event streams end with the session and the seat", () => {
  it("X-4 sign-out ends that user's open stream; another participant's stream carries on", async () => {
    const repCookie = await login(server.url, "union.rep");
    const rep = await openStream(repCookie);
    const chief = await openStream(await login(server.url, "platform.chief"));
    await publishAndSee(rep, "comments");

    expect((await post("/logout", repCookie, {})).status).toBe(302);
    await rep.until(() => rep.ended, "the signed-out user's stream to end");
    const seen = rep.kinds().length;
    await publishAndSee(chief, "workflow");
    expect(chief.ended).toBe(false);
    expect(rep.kinds()).toHaveLength(seen);
    // The EventSource's reconnect is refused: the session is gone.
    expect((await fetch(`${server.url}${EVENTS}`, { headers: { Cookie: repCookie } })).status).toBe(401);
  });

  it("X-4 an account disabled by the administrator loses its streams at once", async () => {
    const admin = await login(server.url, "admin");
    const rep = await openStream(await login(server.url, "platform.rep"));
    expect((await post("/admin/accounts", admin, { intent: "disableAccount", userId: await userId("platform.rep") })).status).toBe(200);
    await rep.until(() => rep.ended, "the disabled account's stream to end");
    expect((await post("/admin/accounts", admin, { intent: "enableAccount", userId: await userId("platform.rep") })).status).toBe(200);
  });

  it("X-4 a password reset ends the streams of the sessions it ended", async () => {
    const admin = await login(server.url, "admin");
    const legal = await openStream(await login(server.url, "union.legal"));
    expect((await post("/admin/accounts", admin, { intent: "resetPassword", userId: await userId("union.legal"), password: "a-new-password-2026" })).status).toBe(200);
    await legal.until(() => legal.ended, "the reset account's stream to end");
  });

  it("X-4 a changed seat ends the stream opened under the old seat; the reconnect gets the new seat", async () => {
    const chief = await login(server.url, "union.chief");
    const repCookie = await login(server.url, "union.rep");
    const rep = await openStream(repCookie);
    const changed = await post(`/negotiations/${DEMO_NEGOTIATION}/participants`, chief, { intent: "changeSeat", participantId: await participantId("union.rep"), side: "union", role: "legal_adviser" });
    expect(changed.status).toBe(200);
    await rep.until(() => rep.ended, "the old seat's stream to end");
    const again = await openStream(repCookie);
    await publishAndSee(again, "comments");
    expect(again.ended).toBe(false);
  });

  it("X-4 removal from the negotiation ends the stream and the reconnect is refused", async () => {
    const chief = await login(server.url, "union.chief");
    const observerCookie = await login(server.url, "observer");
    const observer = await openStream(observerCookie);
    const removed = await post(`/negotiations/${DEMO_NEGOTIATION}/participants`, chief, { intent: "remove", participantId: await participantId("observer") });
    expect(removed.status).toBe(200);
    await observer.until(() => observer.ended, "the removed participant's stream to end");
    expect((await fetch(`${server.url}${EVENTS}`, { headers: { Cookie: observerCookie } })).status).toBe(403);
  });
});
