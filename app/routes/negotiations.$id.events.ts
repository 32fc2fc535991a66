import type { LoaderFunctionArgs } from "@remix-run/node";
import { SESSION_COOKIE } from "~/server/auth/sessions";
import type { NegotiationEvent } from "~/server/events/hub";
import { readCookie } from "~/server/http/cookies";
import { currentUser, requireNegotiation } from "../guards.server";

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events: "something changed, reload" for one participant's open pages. The stream
 * ends with the session or the seat it was opened under (docs/SPEC.md X-4): at once when they
 * change (EventHub.reauthorise), and at the latest on the next heartbeat (a session that expired).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation, membership, user } = await requireNegotiation(request, context, params.id, "read", "api");
  const sessionToken = readCookie(request.headers.get("Cookie"), SESSION_COOKIE) ?? "";
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const end = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      const unsubscribe = context.events.subscribe(negotiation.id, {
        userId: user.id,
        sessionToken,
        side: membership.side,
        role: membership.role,
        send: (event: NegotiationEvent) => write(`data: ${JSON.stringify({ kind: event.kind })}\n\n`),
        close: end,
      });
      // The session is looked up again on each beat; a failed lookup ends the stream like an expired one (the client reconnects).
      const beat = () =>
        currentUser(request, context).then(
          (user) => (user ? write(": keep-alive\n\n") : end()),
          () => end(),
        );
      const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.signal.addEventListener("abort", end);
      write("retry: 3000\n\n");
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
