import { performance } from "node:perf_hooks";
import type * as Y from "yjs";
import { orderedClauses } from "~/shared/collab/docShape";
import { connectPeer, synced, waitFor, type TestPeer } from "~/tests/setup/collabClient";

/**
 * One load-generator process of bench/cluster.bench.ts: real y-websocket providers for some of the
 * bench's negotiations, so the 200 editors' Yjs work (each keystroke applied by every other peer of
 * its negotiation) is spread over processes instead of starving one. Latency is measured inside this
 * process (the mark's send and its arrival at the reader on the same clock) and sent back over IPC.
 *
 * Protocol: the parent sends a `TypistOrder`; this process connects and syncs every peer, answers
 * `{ kind: "ready" }`, types when told `{ kind: "go" }`, answers a `TypistReport`, closes its peers
 * and waits for the next order (the bench kills it when it is done).
 */
export interface TypistOrder {
  kind: "order";
  negotiations: string[];
  /** Typists per negotiation; even ones connect to `far`, odd ones and the reader to `near`. */
  editorsPer: number;
  far: string;
  near: string;
  /** Session cookie per user; typists take the users in turn. */
  cookies: Record<string, string>;
  keysPerSecond: number;
  seconds: number;
  /** Keeps marks unique across the rounds of one run. */
  round: number;
}

export interface TypistReport {
  kind: "report";
  /** Keystroke-to-reader latency of every far-side mark, ms. */
  latencies: number[];
  /** The same for the near half (the reader's own node): in the cross-node case, what the hop through Redis adds is the difference. */
  nearLatencies: number[];
  /** Far-side marks typed and never seen by their reader within the wait. */
  missing: number;
  typedFar: number;
  /** Every mark (both sides) that reached a reader, and the seconds from the go until the last far mark arrived. */
  received: number;
  elapsedSeconds: number;
}

const MARK = /\[e\d+\.\d+\.\d+\]/g;

/** Everyone types into the draft's first clause, whatever the seed called it. */
function clauseText(doc: Y.Doc): Y.Text | undefined {
  return orderedClauses(doc)[0]?.body;
}

async function serve(order: TypistOrder): Promise<TypistReport> {
  const users = Object.keys(order.cookies);
  // y-websocket adds a process exit listener per provider.
  process.setMaxListeners(order.negotiations.length * (order.editorsPer + 1) + 20);
  const sent = new Map<string, number>();
  const sentNear = new Map<string, number>();
  const latencies: number[] = [];
  const nearLatencies: number[] = [];
  let received = 0;
  const peers: TestPeer[] = [];
  const typists: { peer: TestPeer; mark: string; far: boolean }[] = [];
  for (const [n, negotiationId] of order.negotiations.entries()) {
    const reader = connectPeer(order.near, negotiationId, order.cookies[users[0]!]);
    peers.push(reader);
    for (let i = 0; i < order.editorsPer; i++) {
      const far = i % 2 === 0;
      const peer = connectPeer(far ? order.far : order.near, negotiationId, order.cookies[users[(n + i) % users.length]!]);
      peers.push(peer);
      typists.push({ peer, mark: `${n * order.editorsPer + i}.${order.round}`, far });
    }
    await Promise.all(peers.slice(-order.editorsPer - 1).map((p) => synced(p, 120_000)));
    clauseText(reader.doc)!.observe((event) => {
      const now = performance.now();
      for (const op of event.delta) {
        if (typeof op.insert !== "string") continue;
        for (const mark of op.insert.match(MARK) ?? []) {
          received++;
          const at = sent.get(mark);
          if (at !== undefined) {
            sent.delete(mark);
            latencies.push(now - at);
            continue;
          }
          const nearAt = sentNear.get(mark);
          if (nearAt === undefined) continue;
          sentNear.delete(mark);
          nearLatencies.push(now - nearAt);
        }
      }
    });
  }
  try {
    process.send!({ kind: "ready" });
    await new Promise<void>((resolve) => {
      const onGo = (message: { kind: string }) => {
        if (message.kind !== "go") return;
        process.off("message", onGo);
        resolve();
      };
      process.on("message", onGo);
    });
    const started = performance.now();
    const period = 1000 / order.keysPerSecond;
    let typedFar = 0;
    const stops = typists.map(({ peer, mark, far }) => {
      let n = 0;
      const type = () => {
        const text = clauseText(peer.doc);
        if (!text) return;
        const token = `[e${mark}.${++n}]`;
        // Only the far half is measured: in the cross-node case those marks cross Redis.
        if (far) {
          sent.set(token, performance.now());
          typedFar++;
        } else sentNear.set(token, performance.now());
        text.insert(text.length, token);
      };
      // Spread over the interval, so the keystrokes do not arrive in lockstep.
      let interval: NodeJS.Timeout | undefined;
      const first = setTimeout(() => {
        type();
        interval = setInterval(type, period);
      }, Math.random() * period);
      return () => {
        clearTimeout(first);
        clearInterval(interval);
      };
    });
    await new Promise((resolve) => setTimeout(resolve, order.seconds * 1000));
    for (const stop of stops) stop();
    await waitFor(() => sent.size === 0, 30_000, "every measured keystroke to reach its reader").catch(() => undefined);
    return { kind: "report", latencies, nearLatencies, missing: sent.size, typedFar, received, elapsedSeconds: (performance.now() - started) / 1000 };
  } finally {
    for (const p of peers) p.destroy();
  }
}

// One order after another, for as long as the bench keeps this process: its JIT, warmed by the
// first run, is not part of the next run's latency.
process.on("message", (message: { kind: string }) => {
  if (message.kind !== "order") return;
  serve(message as TypistOrder).then(
    (report) => process.send!(report),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
