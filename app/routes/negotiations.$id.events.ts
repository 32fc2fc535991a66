import type { LoaderFunctionArgs } from "@remix-run/node";
import type { NegotiationEvent } from "../../server/events/hub";
import { requireNegotiation } from "../guards.server";

const HEARTBEAT_MS = 25_000;

/** Server-sent events: "something changed, reload" for one participant's open pages. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { negotiation, membership } = requireNegotiation(request, context, params.id, "read", "api");
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
        side: membership.side,
        send: (event: NegotiationEvent) => write(`data: ${JSON.stringify({ kind: event.kind })}\n\n`),
        close: end,
      });
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
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
